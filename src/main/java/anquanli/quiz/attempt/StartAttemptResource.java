package anquanli.quiz.attempt;

import anquanli.common.ApiProblem;
import anquanli.common.ClientAddress;
import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.oidc.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.URI;

/** Starting the day's challenge in a campaign. */
@Path("/api/v1/campaigns/{campaignId}/attempts")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class StartAttemptResource {

    private final AttemptStarter starter;
    private final JsonWebToken jwt;
    private final ClientAddress clientAddress;

    public StartAttemptResource(AttemptStarter starter, JsonWebToken jwt, ClientAddress clientAddress) {
        this.starter = starter;
        this.jwt = jwt;
        this.clientAddress = clientAddress;
    }

    @POST
    public Uni<Response> start(@PathParam("campaignId") long campaignId,
                               @HeaderParam("X-Device-Id") String deviceId, @Context HttpServerRequest http) {
        String device = deviceId == null || deviceId.isBlank() ? null : deviceId.strip();
        if (device != null && device.length() > 100) {
            throw ApiProblem.badRequest("device-id-invalid", "X-Device-Id may have at most 100 characters");
        }
        return starter.start(campaignId, CurrentParticipant.id(jwt), clientAddress.of(http), device)
                .map(a -> Response.created(URI.create("/api/v1/attempts/" + a.id()))
                        .entity(AttemptViews.AttemptView.of(a)).build());
    }
}
