package anquanli.lottery;

import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.quarkus.oidc.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** A winner's delivery details (领奖信息), encrypted at rest. */
@Path("/api/v1/draws/{id}/claim")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class ClaimResource {

    private final LotteryService service;
    private final JsonWebToken jwt;

    public ClaimResource(LotteryService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    public record ClaimRequest(@NotBlank @Size(max = 40) String name, @NotBlank @Size(max = 30) String phone,
                               @Size(max = 200) String address) {
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<LotteryViews.ClaimView> claim(@PathParam("id") UUID drawId, @Valid @NotNull ClaimRequest request) {
        return service.claim(drawId, CurrentParticipant.id(jwt),
                new LotteryService.ClaimRequest(request.name(), request.phone(), request.address()));
    }
}
