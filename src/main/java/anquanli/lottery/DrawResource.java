package anquanli.lottery;

import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.quarkus.oidc.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** 抽奖: spend a chance on the wheel. */
@Path("/api/v1/campaigns/{campaignId}/draws")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class DrawResource {

    private final LotteryService service;
    private final JsonWebToken jwt;

    public DrawResource(LotteryService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    /** The app makes one request id per tap on the wheel and repeats it on retries. */
    public record DrawRequest(@NotNull UUID requestId) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> draw(@PathParam("campaignId") long campaignId, @Valid @NotNull DrawRequest request) {
        return service.draw(campaignId, CurrentParticipant.id(jwt), request.requestId())
                .map(d -> Response.status(d.created() ? 201 : 200).entity(d.view()).build());
    }
}
