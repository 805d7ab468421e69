package anquanli.statistics.rounds;

import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.Roles;
import anquanli.common.Spreadsheets;
import anquanli.common.Uploads;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Reporting rounds of the progress report: opened by the national office or a province's, filled in and submitted by
 * each region's office, reopened only by the level above, rolled up, watched on a status board and exported.
 */
@Path("/api/v1/admin/report-rounds")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
public class RoundResource {

    private static final Logger LOG = Logger.getLogger(RoundResource.class);

    private final RoundService rounds;
    private final SubmissionService submissions;
    private final AdminScope scope;
    private final SecurityIdentity identity;

    public RoundResource(RoundService rounds, SubmissionService submissions, AdminScope scope,
                         SecurityIdentity identity) {
        this.rounds = rounds;
        this.submissions = submissions;
        this.scope = scope;
        this.identity = identity;
    }

    public record RoundRequest(@NotNull Long campaignId, @NotBlank @Size(max = 100) String title,
                               @NotNull Instant deadline, LocalDate periodFrom, LocalDate periodTo,
                               @Size(max = 12) String scope) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> open(@Valid @NotNull RoundRequest r) {
        return rounds.open(admin(), new RoundService.NewRound(r.campaignId(), r.title(), r.deadline(), r.periodFrom(),
                        r.periodTo(), r.scope()))
                .map(row -> Response.created(URI.create("/api/v1/admin/report-rounds/" + row.id()))
                        .entity(RoundViews.Round.of(row)).build());
    }

    @GET
    public Uni<List<RoundViews.Round>> list(@QueryParam("campaignId") Long campaignId) {
        if (campaignId == null) {
            throw ApiProblem.badRequest("campaign-required", "campaignId is required");
        }
        return rounds.list(admin(), campaignId).map(l -> l.stream().map(RoundViews.Round::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<RoundViews.Round> one(@PathParam("id") long id) {
        return rounds.visible(admin(), id).map(RoundViews.Round::of);
    }

    /** The region's table: CN for the country's. */
    @GET
    @Path("/{id}/submissions/{regionCode}")
    public Uni<RoundViews.Table> table(@PathParam("id") long id, @PathParam("regionCode") String regionCode) {
        return submissions.table(admin(), id, regionCode);
    }

    /** {@code entries}: field id → a count, true/false or a text (null clears it); {@code submit}: submit it too. */
    public record FillRequest(Map<String, Object> entries, boolean submit) {
    }

    @PUT
    @Path("/{id}/submissions/{regionCode}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RoundViews.Table> fill(@PathParam("id") long id, @PathParam("regionCode") String regionCode,
                                      @Valid @NotNull FillRequest request) {
        return submissions.fill(admin(), id, regionCode, request.entries(), request.submit());
    }

    public record ReopenRequest(@NotBlank @Size(min = 2, max = 500) String reason) {
    }

    @POST
    @Path("/{id}/submissions/{regionCode}/reopen")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RoundViews.Table> reopen(@PathParam("id") long id, @PathParam("regionCode") String regionCode,
                                        @Valid @NotNull ReopenRequest request) {
        return submissions.reopen(admin(), id, regionCode, request.reason());
    }

    @GET
    @Path("/{id}/submissions/{regionCode}/history")
    public Uni<List<RoundViews.Change>> history(@PathParam("id") long id, @PathParam("regionCode") String regionCode) {
        return submissions.history(admin(), id, regionCode);
    }

    @GET
    @Path("/{id}/submissions/{regionCode}/export")
    @Produces({"text/csv", Uploads.XLSX, "application/problem+json"})
    public Uni<Response> export(@PathParam("id") long id, @PathParam("regionCode") String regionCode,
                                @QueryParam("format") @DefaultValue("xlsx") String format) {
        Spreadsheets.Format file = Spreadsheets.Format.of(format);
        AdminScope.Admin admin = admin();
        return submissions.export(admin, id, regionCode, file).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(body -> {
                    LOG.infof("Round %d: table of %s exported as %s by %s", id, regionCode, format, admin.username());
                    return file.attachment(body, "进展情况统计表-" + id + "-" + regionCode);
                });
    }

    /** The regions directly below {@code region} (default: the admin's own): submitted, late, reopened. */
    @GET
    @Path("/{id}/status")
    public Uni<List<RoundViews.Status>> status(@PathParam("id") long id, @QueryParam("region") String region) {
        return submissions.status(admin(), id, own(region));
    }

    @POST
    @Path("/{id}/reminders")
    public Uni<RoundViews.Reminders> remind(@PathParam("id") long id, @QueryParam("region") String region) {
        return submissions.remind(admin(), id, own(region));
    }

    private String own(String region) {
        AdminScope.Admin admin = admin();
        return region != null && !region.isBlank() ? region : admin.national() ? "CN" : admin.regionCode();
    }

    private AdminScope.Admin admin() {
        return scope.admin(identity);
    }
}
