package anquanli.hazard;

import anquanli.common.CoordinateSystem;
import anquanli.common.Paging;
import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.quarkus.oidc.Tenant;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * A signed-in reporter's own reports: real-name ones, and anonymous ones they identified themself for. Photos are
 * the report's own (officers' evidence stays with the officers).
 */
@Path("/api/v1/me/hazard-reports")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class MyHazardReportResource {

    private final HazardReportService service;
    private final HazardPhotos photos;
    private final JsonWebToken jwt;

    public MyHazardReportResource(HazardReportService service, HazardPhotos photos, JsonWebToken jwt) {
        this.service = service;
        this.photos = photos;
        this.jwt = jwt;
    }

    @GET
    public Uni<HazardViews.MyReportPage> mine(@QueryParam("crs") String crs,
                                              @QueryParam("offset") @DefaultValue("0") int offset,
                                              @QueryParam("limit") @DefaultValue("20") int limit) {
        Paging.check(offset, limit, 100);
        return service.mine(CurrentParticipant.id(jwt), CoordinateSystem.parse(crs), offset, limit);
    }

    @GET
    @Path("/{id}")
    public Uni<HazardViews.MyReport> mineOne(@PathParam("id") UUID id, @QueryParam("crs") String crs) {
        return service.mineOne(CurrentParticipant.id(jwt), id, CoordinateSystem.parse(crs));
    }

    @GET
    @Path("/{id}/photos/{photoId}")
    @Produces({"image/jpeg", "application/problem+json"})
    @Blocking
    public Uni<Response> photo(@PathParam("id") UUID id, @PathParam("photoId") UUID photoId,
                               @QueryParam("size") String size) {
        boolean thumbnail = HazardReportResource.thumbnail(size);
        return service.own(CurrentParticipant.id(jwt), id)
                .chain(r -> photos.open(r.id(), photoId, thumbnail, true))
                .map(HazardReportResource::image);
    }

    @POST
    @Path("/{id}/reward/claim")
    public Uni<HazardViews.RewardView> claim(@PathParam("id") UUID id) {
        return service.claim(CurrentParticipant.id(jwt), id);
    }

}
