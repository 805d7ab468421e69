package anquanli.unit;

import anquanli.common.ApiProblem;
import anquanli.region.RegionTree;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Players pick their unit by searching within their region. */
@Path("/api/v1/units")
@Produces(MediaType.APPLICATION_JSON)
public class UnitResource {

    private final UnitRepository units;
    private final RegionTree regions;

    public UnitResource(UnitRepository units, RegionTree regions) {
        this.units = units;
        this.regions = regions;
    }

    public record UnitView(long id, String name, String regionCode, String regionName, Unit.Kind kind) {
    }

    public record UnitPage(List<UnitView> items, long total, int offset, int limit) {
    }

    @GET
    @WithSession
    public Uni<UnitPage> search(@QueryParam("region") String region, @QueryParam("q") String q,
                                @QueryParam("offset") @DefaultValue("0") int offset,
                                @QueryParam("limit") @DefaultValue("20") int limit) {
        if (region == null || region.isBlank()) {
            throw ApiProblem.badRequest("region-required", "Query parameter region (a division code) is required");
        }
        regions.require(region);
        if (q != null && q.length() > 50) {
            throw ApiProblem.badRequest("query-too-long", "q may have at most 50 characters");
        }
        if (offset < 0 || limit < 1 || limit > 100 || offset % limit != 0) {
            throw ApiProblem.badRequest("bad-page", "limit must be 1-100 and offset a non-negative multiple of limit");
        }
        return units.search(region, q, offset, limit)
                .flatMap(list -> units.countSearch(region, q)
                        .map(total -> new UnitPage(list.stream().map(this::view).toList(), total, offset, limit)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<UnitView> one(@PathParam("id") long id) {
        return units.findById(id).map(u -> {
            if (u == null) {
                throw ApiProblem.notFound("Unit", id);
            }
            return view(u);
        });
    }

    private UnitView view(Unit u) {
        var r = regions.find(u.regionCode);
        return new UnitView(u.id, u.name, u.regionCode, r == null ? null : r.name(), u.kind);
    }
}
