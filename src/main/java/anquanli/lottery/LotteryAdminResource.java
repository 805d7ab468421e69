package anquanli.lottery;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.Roles;
import anquanli.common.Spreadsheets;
import anquanli.region.Region;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
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
import java.util.List;
import java.util.UUID;

/**
 * Prize pools, stock and claims. Setting up and changing a pool, reconciling and exporting claims are for the national
 * office; claims can be looked at by region admins for their region, with names and phones masked.
 */
@Path("/api/v1/admin/campaigns/{id}/lottery")
@Produces(MediaType.APPLICATION_JSON)
public class LotteryAdminResource {

    private static final Logger LOG = Logger.getLogger(LotteryAdminResource.class);
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final LotteryAdminService service;
    private final LotteryReconciler reconciler;
    private final CheckInBonus checkInBonus;
    private final AdminScope scope;
    private final SecurityIdentity identity;

    public LotteryAdminResource(LotteryAdminService service, LotteryReconciler reconciler, CheckInBonus checkInBonus,
                                AdminScope scope, SecurityIdentity identity) {
        this.service = service;
        this.reconciler = reconciler;
        this.checkInBonus = checkInBonus;
        this.scope = scope;
        this.identity = identity;
    }

    public record TierRequest(@NotBlank @Size(max = 100) String name, @NotNull Lottery.Kind kind,
                              @Min(0) @Max(100000) Integer amount,
                              @NotNull @Min(0) @Max(1_000_000_000) Integer weight,
                              @NotNull @Min(0) @Max(10_000_000) Integer stock,
                              @Min(1) @Max(1000) Integer perPersonLimit,
                              @Min(1) @Max(10_000_000) Integer dailyRelease) {
    }

    public record PoolRequest(@NotNull Instant drawDeadline, @NotNull Instant claimDeadline,
                              @NotNull @Min(1) @Max(1_000_000_000) Integer totalWeight,
                              @NotBlank @Size(max = 100) String thanksName,
                              @NotEmpty @Size(max = 20) List<@NotNull @Valid TierRequest> tiers) {
    }

    public record StockRequest(@NotNull @Min(1) @Max(10_000_000) Integer units) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<Response> create(@PathParam("id") long campaignId, @Valid @NotNull PoolRequest r) {
        AdminScope.Admin admin = scope.admin(identity);
        LotteryAdminService.PoolDraft draft = new LotteryAdminService.PoolDraft(r.drawDeadline(), r.claimDeadline(),
                r.totalWeight(), r.thanksName(), r.tiers().stream().map(t -> new LotteryAdminService.TierDraft(
                t.name(), t.kind(), t.amount() == null ? 0 : t.amount(), t.weight(), t.stock(), t.perPersonLimit(),
                t.dailyRelease())).toList());
        return service.create(campaignId, draft, admin.username()).map(o -> Response.created(URI.create(
                "/api/v1/admin/campaigns/" + campaignId + "/lottery")).entity(o).build());
    }

    @GET
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<LotteryAdminService.Overview> overview(@PathParam("id") long campaignId) {
        scope.admin(identity);
        return service.overview(campaignId);
    }

    @POST
    @Path("/tiers/{tierId}/stock")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<LotteryAdminService.Overview> addStock(@PathParam("id") long campaignId,
                                                      @PathParam("tierId") long tierId,
                                                      @Valid @NotNull StockRequest request) {
        AdminScope.Admin admin = scope.admin(identity);
        return service.addStock(campaignId, tierId, request.units(), admin.username());
    }

    public record CheckInBonusRequest(@NotNull @Min(0) @Max(5) Integer chances) {
    }

    public record CheckInBonusView(long campaignId, int chances) {
    }

    /** The lottery chances a participant's first check-in at an activity earns (0: none), within the daily cap. */
    @GET
    @Path("/check-in-bonus")
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<CheckInBonusView> checkInBonus(@PathParam("id") long campaignId) {
        scope.admin(identity);
        return checkInBonus.get(campaignId).map(n -> new CheckInBonusView(campaignId, n));
    }

    @PUT
    @Path("/check-in-bonus")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<CheckInBonusView> setCheckInBonus(@PathParam("id") long campaignId,
                                                 @Valid @NotNull CheckInBonusRequest request) {
        AdminScope.Admin admin = scope.admin(identity);
        return checkInBonus.set(campaignId, request.chances()).invoke(n -> LOG.infof(
                "Check-in bonus of campaign %d set to %d by %s", campaignId, n, admin.username()))
                .map(n -> new CheckInBonusView(campaignId, n));
    }

    @POST
    @Path("/reconcile")
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<LotteryReconciler.Report> reconcile(@PathParam("id") long campaignId) {
        scope.admin(identity);
        return reconciler.reconcile(campaignId).map(report -> {
            if (report == null) {
                throw ApiProblem.notFound("Lottery of campaign", campaignId);
            }
            return report;
        });
    }

    @GET
    @Path("/claims")
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
    public Uni<LotteryAdminService.ClaimPage> claims(@PathParam("id") long campaignId,
                                                     @QueryParam("region") String regionCode,
                                                     @QueryParam("offset") @DefaultValue("0") int offset,
                                                     @QueryParam("limit") @DefaultValue("20") int limit) {
        LotteryPublicResource.page(offset, limit, 100);
        AdminScope.Admin admin = scope.admin(identity);
        Region region = scope.scope(admin, AdminAction.VIEW_CLAIMS, regionCode);
        return service.claims(campaignId, admin, region, offset, limit);
    }

    public record FulfilmentRequest(@NotNull Lottery.Fulfilment status, @Size(max = 40) String carrier,
                                    @Size(max = 60) String tracking, @Size(max = 200) String note) {
    }

    /** Where a claimed prize stands. The log line names the admin, the draw and the step, never tracking or note. */
    @PUT
    @Path("/claims/{drawId}/fulfilment")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<LotteryAdminService.ClaimRow> fulfil(@PathParam("id") long campaignId,
                                                    @PathParam("drawId") UUID drawId,
                                                    @Valid @NotNull FulfilmentRequest r) {
        AdminScope.Admin admin = scope.admin(identity);
        return service.fulfil(campaignId, drawId, r.status(), r.carrier(), r.tracking(), r.note(), admin.username())
                .invoke(row -> LOG.infof("Prize of draw %s in campaign %d marked %s by %s", drawId, campaignId,
                        row.status(), admin.username()));
    }

    /** For the people who ship prizes; the log line names who exported what, never a winner's details. */
    @GET
    @Path("/claims/export")
    @Produces({"text/csv", XLSX, "application/problem+json"})
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<Response> export(@PathParam("id") long campaignId,
                                @QueryParam("format") @DefaultValue("csv") String format) {
        Spreadsheets.Format file = Spreadsheets.Format.of(format);
        AdminScope.Admin admin = scope.admin(identity);
        return service.allClaims(campaignId, admin).emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
            byte[] body = file.write("claims", ClaimExport.HEADER, rows.stream().map(ClaimExport::cells).toList());
            LOG.infof("Claims of campaign %d exported as %s by %s: %d rows", campaignId, format, admin.username(),
                    rows.size());
            return file.attachment(body, "lottery-claims-" + campaignId);
        });
    }
}
