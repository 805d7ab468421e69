package anquanli.activity;

import anquanli.common.CoordinateSystem;
import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.quarkus.oidc.Tenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;

/** A participant checks in by scanning an event's poster; their list is {@link MyCheckInResource}. */
@Path("/api/v1/check-ins")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class CheckInResource {

    private final CheckInService service;
    private final JsonWebToken jwt;

    public CheckInResource(CheckInService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    /**
     * {@code code}: what the QR code holds (the link, or the code alone). {@code nonce}: chosen by the app per scan
     * and sent again on a retry. {@code offline} with {@code scannedAt}: a scan made without a connection, uploaded
     * later.
     */
    public record CheckInRequest(@NotBlank @Size(max = 300) String code,
                                 @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{8,64}") String nonce,
                                 Double lat, Double lng, CoordinateSystem coordinateSystem, boolean offline,
                                 Instant scannedAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> checkIn(@Valid @NotNull CheckInRequest r) {
        return service.checkIn(CurrentParticipant.id(jwt), new CheckInService.Scan(r.code(), r.nonce(), r.lat(),
                        r.lng(), r.coordinateSystem(), r.offline(), r.scannedAt()))
                .map(o -> Response.status(o.created() ? 201 : 200).entity(o.view()).build());
    }
}
