package anquanli.region;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseHeader;

import java.util.List;

/** Read-only access to the division tree; public, and cacheable because it changes once a year at most. */
@Path("/api/v1/regions")
@Produces(MediaType.APPLICATION_JSON)
public class RegionResource {

    private final RegionTree tree;

    public RegionResource(RegionTree tree) {
        this.tree = tree;
    }

    public record RegionView(String code, String name, RegionLevel level, String parentCode, List<RegionRef> path,
                             int childCount) {
        static RegionView of(Region r) {
            return new RegionView(r.code(), r.name(), r.level(), r.parent() == null ? null : r.parent().code(),
                    r.path().stream().map(RegionRef::of).toList(), r.children().size());
        }
    }

    public record RegionList(String parentCode, List<RegionView> items) {
    }

    @GET
    @ResponseHeader(name = "Cache-Control", value = "public, max-age=3600")
    public RegionList provinces() {
        return new RegionList(null, tree.provinces().stream().map(RegionView::of).toList());
    }

    @GET
    @Path("/{code}")
    @ResponseHeader(name = "Cache-Control", value = "public, max-age=3600")
    public RegionView region(@PathParam("code") String code) {
        return RegionView.of(tree.require(code));
    }

    @GET
    @Path("/{code}/children")
    @ResponseHeader(name = "Cache-Control", value = "public, max-age=3600")
    public RegionList children(@PathParam("code") String code) {
        Region r = tree.require(code);
        return new RegionList(r.code(), r.children().stream().map(RegionView::of).toList());
    }
}
