package anquanli.participant;

import anquanli.common.ClientAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Phone + one-time code login; the service issues its own tokens. */
@Path("/api/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final ParticipantService service;
    private final ClientAddress clientAddress;

    public AuthResource(ParticipantService service, ClientAddress clientAddress) {
        this.service = service;
        this.clientAddress = clientAddress;
    }

    public record CodeRequest(@NotBlank @Size(max = 20) String phone) {
    }

    public record CodeSent(long expiresInSeconds, long resendAfterSeconds) {
    }

    public record TokenRequest(@NotBlank @Size(max = 20) String phone,
                               @NotNull @Pattern(regexp = "\\d{6}", message = "must be 6 digits") String code) {
    }

    public record RefreshRequest(@NotBlank @Size(max = 100) String refreshToken) {
    }

    public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
                                long refreshExpiresIn, ParticipantService.Profile participant, boolean newParticipant) {
        static TokenResponse of(ParticipantService.Login login) {
            Tokens.Pair t = login.tokens();
            return new TokenResponse(t.accessToken(), "Bearer", t.expiresIn(), t.refreshToken(),
                    t.refreshExpiresIn(), login.participant(), login.newParticipant());
        }
    }

    @POST
    @Path("/sms-codes")
    @ResponseStatus(202)
    public Uni<CodeSent> sendCode(@Valid @NotNull CodeRequest request, @Context HttpServerRequest http) {
        return service.requestCode(request.phone(), clientAddress.of(http))
                .map(i -> new CodeSent(i.expiresInSeconds(), i.resendAfterSeconds()));
    }

    @POST
    @Path("/tokens")
    public Uni<TokenResponse> login(@Valid @NotNull TokenRequest request) {
        return service.login(request.phone(), request.code()).map(TokenResponse::of);
    }

    @POST
    @Path("/tokens/refresh")
    public Uni<TokenResponse> refresh(@Valid @NotNull RefreshRequest request) {
        return service.refresh(request.refreshToken()).map(TokenResponse::of);
    }
}
