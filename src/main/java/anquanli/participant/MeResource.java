package anquanli.participant;

import io.smallrye.mutiny.Uni;
import io.quarkus.oidc.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The signed-in participant's own profile. */
@Path("/api/v1/me")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final ParticipantService service;
    private final JsonWebToken jwt;

    public MeResource(ParticipantService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    public record ProfileRequest(
            @NotBlank @Size(max = 20) String displayName,
            @NotBlank @Pattern(regexp = "\\d{6}|\\d{9}", message = "must be a 6-digit county or 9-digit town code")
            String regionCode,
            Long unitId,
            @NotNull IdentityType identityType) {
    }

    @GET
    public Uni<ParticipantService.Profile> me() {
        return service.profile(CurrentParticipant.id(jwt));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ParticipantService.Profile> update(@Valid @NotNull ProfileRequest request) {
        return service.update(CurrentParticipant.id(jwt), new ParticipantService.ProfileUpdate(
                request.displayName(), request.regionCode(), request.unitId(), request.identityType()));
    }
}
