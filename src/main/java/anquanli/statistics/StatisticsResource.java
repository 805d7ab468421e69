package anquanli.statistics;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.Paging;
import anquanli.common.Roles;
import anquanli.common.Spreadsheets;
import anquanli.common.Uploads;
import anquanli.region.Region;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;

/** The progress report for safety committee offices, within their region, as JSON, CSV or Uploads.XLSX. */
@Path("/api/v1/admin")
@RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
public class StatisticsResource {

    private static final Logger LOG = Logger.getLogger(StatisticsResource.class);

    private final StatisticsService statistics;
    private final ReviewService review;
    private final AdminScope scope;
    private final SecurityIdentity identity;
    private final ReviewConfig config;

    public StatisticsResource(StatisticsService statistics, ReviewService review, AdminScope scope,
                              SecurityIdentity identity, ReviewConfig config) {
        this.config = config;
        this.statistics = statistics;
        this.review = review;
        this.scope = scope;
        this.identity = identity;
    }

    @GET
    @Path("/statistics")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<StatisticsService.Report> report(@QueryParam("campaign") Long campaign,
                                                @QueryParam("region") String region,
                                                @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        return statistics.report(required(campaign), scoped(AdminAction.VIEW_STATISTICS, region), from, to);
    }

    /** Spreadsheets are built off the event loop; the export is logged without any personal data. */
    @GET
    @Path("/statistics/export")
    @Produces({"text/csv", Uploads.XLSX, MediaType.APPLICATION_JSON})
    @Blocking
    public Response export(@QueryParam("format") @DefaultValue("xlsx") String format,
                           @QueryParam("campaign") Long campaign, @QueryParam("region") String region,
                           @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        Spreadsheets.Format file = Spreadsheets.Format.of(format);
        AdminScope.Admin admin = scope.admin(identity);
        Region r = scope.scope(admin, AdminAction.VIEW_STATISTICS, region);
        StatisticsService.Report report = statistics.report(required(campaign), r, from, to)
                .await().atMost(Duration.ofMinutes(2));
        LOG.infof("Progress report exported as %s by %s: region %s, %s to %s", format, admin.username(),
                r == null ? "CN" : r.code(), report.from(), report.to());
        return file.attachment(file == Spreadsheets.Format.CSV ? ReportExports.csv(report) : ReportExports.xlsx(report),
                ReportExports.title(report));
    }

    @GET
    @Path("/review/suspicious-attempts")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ReviewService.Page<ReviewService.SuspiciousAttempt>> suspicious(
            @QueryParam("campaign") Long campaign, @QueryParam("region") String region,
            @QueryParam("floorMillis") Long floorMillis,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        Paging.check(offset, limit, 200);
        long floor = floorMillis == null ? config.minMedianAnswerMillis() : floorMillis;
        return review.suspicious(required(campaign), scoped(AdminAction.REVIEW_SIGNALS, region), floor, offset,
                limit);
    }

    @GET
    @Path("/review/shared-devices")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ReviewService.Page<ReviewService.SharedSource>> shared(
            @QueryParam("campaign") Long campaign, @QueryParam("region") String region,
            @QueryParam("minAccounts") Integer minAccounts,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        Paging.check(offset, limit, 200);
        int min = minAccounts == null ? config.minAccountsPerDevice() : Math.max(2, minAccounts);
        return review.shared(required(campaign), scoped(AdminAction.REVIEW_SIGNALS, region), min, offset, limit);
    }

    private Region scoped(AdminAction action, String region) {
        return scope.scope(scope.admin(identity), action, region);
    }

    private static long required(Long campaign) {
        if (campaign == null) {
            throw ApiProblem.badRequest("campaign-required", "Query parameter campaign is required");
        }
        return campaign;
    }

}
