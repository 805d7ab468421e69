package anquanli.activity;

import anquanli.common.Paging;
import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.quarkus.oidc.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A participant's own check-ins, latest first. */
@Path("/api/v1/me/check-ins")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class MyCheckInResource {

    private final CheckInService service;
    private final JsonWebToken jwt;

    public MyCheckInResource(CheckInService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @GET
    public Uni<ActivityViews.MyCheckIns> mine(@QueryParam("cursor") String cursor,
                                              @QueryParam("limit") @DefaultValue("20") int limit) {
        Paging.checkLimit(limit, 100);
        return service.mine(CurrentParticipant.id(jwt), cursor, limit);
    }
}
