package anquanli.hazard;

import anquanli.common.ApiProblem;
import anquanli.common.BlobStore;
import anquanli.common.ClientAddress;
import anquanli.common.CoordinateSystem;
import anquanli.common.Paging;
import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import io.quarkus.oidc.Tenant;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * 随手拍 / 安全吹哨人 / 有奖举报 for the public: anyone may report (signed in for a real-name report, which can be
 * rewarded and is told of its progress; anonymous otherwise, with a tracking code and a secret shown once).
 * Participant tokens only: an admin token here is refused like any other invalid token. The reporter's own list is
 * {@link MyHazardReportResource}.
 */
@Path("/api/v1/hazard-reports")
@Tenant(Tokens.PARTICIPANT_TENANT)
@Produces(MediaType.APPLICATION_JSON)
public class HazardReportResource {

    static final String SECRET_HEADER = "X-Tracking-Secret";

    private final HazardReportService service;
    private final CurrentIdentityAssociation identities;
    private final JsonWebToken jwt;
    private final ClientAddress clientAddress;

    public HazardReportResource(HazardReportService service, CurrentIdentityAssociation identities,
                                JsonWebToken jwt, ClientAddress clientAddress) {
        this.service = service;
        this.identities = identities;
        this.jwt = jwt;
        this.clientAddress = clientAddress;
    }

    /** The JSON part of the report. */
    public record ReportForm(@NotNull HazardCategory category,
                             @NotBlank @Size(min = 5, max = 2000) String description,
                             @NotBlank @Size(max = 12) String regionCode,
                             @Size(max = 200) String address,
                             Double lat, Double lng, CoordinateSystem coordinateSystem,
                             Long unitId, @Size(max = 200) String unitName,
                             Instant occurredAt,
                             boolean reporterWorksThere,
                             boolean anonymous,
                             @Size(max = 40) String reporterName,
                             boolean gpsConsent) {
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    // Read on a worker: RESTEasy's non-blocking multipart parser may run two parts of the body on two worker threads
    // at once, and when a text part outgrows quarkus.http.limits.max-form-attribute-size both fail and the request is
    // never answered (Quarkus 3.29); the blocking parser reads in order and its refusal leaves as a 413 problem.
    // Nothing else changes: the photos were already streamed to disk by worker threads.
    @Blocking
    public Uni<Response> submit(@RestForm("report") @PartType(MediaType.APPLICATION_JSON) @Valid ReportForm form,
                                @RestForm("photos") List<FileUpload> uploads, @Context HttpServerRequest http) {
        if (form == null) {
            throw ApiProblem.badRequest("report-required", "The multipart field 'report' (JSON) is required");
        }
        HazardReportService.Submission s = new HazardReportService.Submission(form.category(), form.description(),
                form.regionCode(), form.address(), form.lat(), form.lng(), form.coordinateSystem(), form.unitId(),
                form.unitName(), form.occurredAt(), form.reporterWorksThere(), form.anonymous(), form.reporterName(),
                form.gpsConsent());
        List<java.nio.file.Path> files = uploads == null ? List.of()
                : uploads.stream().map(FileUpload::uploadedFile).toList();
        String address = clientAddress.of(http);
        // The token is optional here, so the identity is resolved (and a bad token refused) without blocking.
        return identities.getDeferredIdentity()
                .chain(who -> service.submit(s, files, who.isAnonymous() ? null
                        : CurrentParticipant.id((JsonWebToken) who.getPrincipal()), address))
                .map(created -> Response.created(URI.create("/api/v1/hazard-reports/track/" + created.trackingCode()))
                        .entity(created).build());
    }

    @GET
    @Path("/track/{code}")
    public Uni<HazardViews.Tracked> track(@PathParam("code") String code, @HeaderParam(SECRET_HEADER) String secret,
                                          @Context HttpServerRequest http) {
        return service.track(code, secret, clientAddress.of(http));
    }

    public record IdentifyRequest(@NotBlank @Size(max = 40) String name) {
    }

    /** An anonymous reporter identifies themself (signed in, with the secret) so that a reward can be granted. */
    @POST
    @Path("/track/{code}/identity")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Tokens.PARTICIPANT_ROLE)
    public Uni<HazardViews.Tracked> identify(@PathParam("code") String code, @HeaderParam(SECRET_HEADER) String secret,
                                             @Valid @NotNull IdentifyRequest request) {
        return service.identify(code, secret, CurrentParticipant.id(jwt), request.name());
    }

    static Response image(BlobStore.Blob blob) {
        return Response.ok(blob.content(), "image/jpeg").header("Content-Length", blob.length()).build();
    }

    static boolean thumbnail(String size) {
        if (size == null || size.equals("full")) {
            return false;
        }
        if (size.equals("thumbnail")) {
            return true;
        }
        throw ApiProblem.badRequest("size-unknown", "size is full (default) or thumbnail");
    }
}
