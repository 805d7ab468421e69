package anquanli.hazard;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.Paging;
import anquanli.common.CoordinateSystem;
import anquanli.common.Roles;
import anquanli.common.Spreadsheets;
import anquanli.common.Uploads;
import anquanli.region.Region;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Hazard reports for the offices: hazard officers handle those of their region and below; national and region admins
 * may read them. Lists, map, export and timeline never carry the reporter's identity; the one endpoint that does
 * requires a reason and writes an audit row.
 */
@Path("/api/v1/admin/hazard-reports")
@Produces(MediaType.APPLICATION_JSON)
public class HazardAdminResource {

    private static final Logger LOG = Logger.getLogger(HazardAdminResource.class);

    private final HazardQueries queries;
    private final HazardHandlingService handling;
    private final HazardRewardService rewards;
    private final HazardPresenter presenter;
    private final HazardPhotos photos;
    private final AdminScope scope;
    private final SecurityIdentity identity;

    public HazardAdminResource(HazardQueries queries, HazardHandlingService handling, HazardRewardService rewards,
                               HazardPresenter presenter, HazardPhotos photos, AdminScope scope,
                               SecurityIdentity identity) {
        this.queries = queries;
        this.handling = handling;
        this.rewards = rewards;
        this.presenter = presenter;
        this.photos = photos;
        this.scope = scope;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.HAZARD_OFFICER})
    public Uni<HazardViews.Page> list(@QueryParam("region") String region, @QueryParam("category") String category,
                                      @QueryParam("status") List<String> status, @QueryParam("from") LocalDate from,
                                      @QueryParam("to") LocalDate to,
                                      @QueryParam("overdue") @DefaultValue("false") boolean overdue,
                                      @QueryParam("crs") String crs, @QueryParam("cursor") String cursor,
                                      @QueryParam("limit") @DefaultValue("50") int limit) {
        Paging.checkLimit(limit, 200);
        return queries.page(filter(region, category, status, from, to, overdue), cursor, limit,
                CoordinateSystem.parse(crs));
    }

    /** Located reports as GeoJSON (RFC 7946: [longitude, latitude]) for the console's map, GCJ-02 by default. */
    @GET
    @Path("/map")
    @Produces({"application/geo+json", "application/problem+json"})
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.HAZARD_OFFICER})
    public Uni<HazardQueries.FeatureCollection> map(@QueryParam("region") String region,
                                                    @QueryParam("category") String category,
                                                    @QueryParam("status") List<String> status,
                                                    @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                                    @QueryParam("overdue") @DefaultValue("false") boolean overdue,
                                                    @QueryParam("crs") @DefaultValue("GCJ02") String crs) {
        return queries.map(filter(region, category, status, from, to, overdue), CoordinateSystem.parse(crs));
    }

    @GET
    @Path("/export")
    @Produces({"text/csv", Uploads.XLSX, "application/problem+json"})
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.HAZARD_OFFICER})
    public Uni<Response> export(@QueryParam("format") @DefaultValue("xlsx") String format,
                                @QueryParam("region") String region, @QueryParam("category") String category,
                                @QueryParam("status") List<String> status, @QueryParam("from") LocalDate from,
                                @QueryParam("to") LocalDate to,
                                @QueryParam("overdue") @DefaultValue("false") boolean overdue) {
        Spreadsheets.Format file = Spreadsheets.Format.of(format);
        AdminScope.Admin admin = admin();
        HazardRepository.Filter f = filter(region, category, status, from, to, overdue);
        return queries.all(f).emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
            byte[] body = file.write("hazard-reports", HazardExport.HEADER,
                    rows.stream().map(HazardExport::cells).toList());
            LOG.infof("Hazard reports exported as %s by %s: region %s, %d rows", format, admin.username(),
                    f.regionPrefix().isEmpty() ? "CN" : f.regionPrefix(), rows.size());
            return file.attachment(body, "hazard-reports");
        });
    }

    @GET
    @Path("/identity-reveals")
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<HazardViews.RevealPage> reveals(@QueryParam("before") Long before,
                                               @QueryParam("limit") @DefaultValue("50") int limit) {
        Paging.checkLimit(limit, 200);
        admin();
        return handling.reveals(before, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.HAZARD_OFFICER})
    public Uni<HazardViews.AdminReport> one(@PathParam("id") UUID id, @QueryParam("crs") String crs) {
        CoordinateSystem system = CoordinateSystem.parse(crs);
        return handling.readable(admin(), id).chain(r -> presenter.admin(id, system));
    }

    /** The JSON part of a step; {@code to} is the status the report moves to. */
    public record TransitionForm(@NotNull HazardStatus to, @Size(max = 1000) String note,
                                 @Size(max = 500) String publicNote, UUID duplicateOf,
                                 @Size(max = 12) String transferToRegionCode, @Size(max = 100) String transferToAgency,
                                 @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal fineAmount) {
    }

    @POST
    @Path("/{id}/transitions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.HAZARD_OFFICER)
    // read on a worker, like HazardReportResource#submit (an oversized text part otherwise leaves the request hanging)
    @Blocking
    public Uni<HazardViews.AdminReport> transition(@PathParam("id") UUID id,
                                                   @RestForm("transition") @PartType(MediaType.APPLICATION_JSON)
                                                   @Valid TransitionForm form,
                                                   @RestForm("photos") List<FileUpload> uploads) {
        if (form == null) {
            throw ApiProblem.badRequest("transition-required", "The multipart field 'transition' (JSON) is required");
        }
        List<java.nio.file.Path> files = uploads == null ? List.of()
                : uploads.stream().map(FileUpload::uploadedFile).toList();
        return handling.transition(admin(), id, new HazardHandlingService.Transition(form.to(), form.note(),
                form.publicNote(), form.duplicateOf(), form.transferToRegionCode(), form.transferToAgency(),
                form.fineAmount()), files);
    }

    public record ExtensionRequest(@NotNull @Min(1) @Max(366) Integer days, @NotBlank @Size(max = 200) String reason) {
    }

    @POST
    @Path("/{id}/extension")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HAZARD_OFFICER)
    public Uni<HazardViews.AdminReport> extend(@PathParam("id") UUID id, @Valid @NotNull ExtensionRequest request) {
        return handling.extend(admin(), id, request.days(), request.reason());
    }

    @GET
    @Path("/{id}/duplicate-candidates")
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.HAZARD_OFFICER})
    public Uni<List<HazardViews.Candidate>> candidates(@PathParam("id") UUID id, @QueryParam("crs") String crs) {
        return handling.candidates(admin(), id, CoordinateSystem.parse(crs));
    }

    public record RevealRequest(@NotBlank @Size(min = 5, max = 500) String reason) {
    }

    @POST
    @Path("/{id}/reporter-identity")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HAZARD_OFFICER)
    public Uni<HazardViews.Identity> reveal(@PathParam("id") UUID id, @Valid @NotNull RevealRequest request) {
        return handling.reveal(admin(), id, request.reason());
    }

    public record DecisionForm(@NotNull HazardRewardService.Decision decision, RewardRule.Basis basis,
                               @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal fineAmount,
                               @Min(1) @Max(1000) Integer deaths, RewardRule.AccidentGrade accidentGrade,
                               @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal amount,
                               @NotBlank @Size(max = 500) String reason) {
    }

    @POST
    @Path("/{id}/reward-decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HAZARD_OFFICER)
    public Uni<HazardViews.RewardAdminView> decide(@PathParam("id") UUID id, @Valid @NotNull DecisionForm f) {
        return rewards.decide(admin(), id, new HazardRewardService.DecisionRequest(f.decision(), f.basis(),
                f.fineAmount(), f.deaths(), f.accidentGrade(), f.amount(), f.reason()));
    }

    @GET
    @Path("/{id}/photos/{photoId}")
    @Produces({"image/jpeg", "application/problem+json"})
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.HAZARD_OFFICER})
    @Blocking
    public Uni<Response> photo(@PathParam("id") UUID id, @PathParam("photoId") UUID photoId,
                               @QueryParam("size") String size) {
        boolean thumbnail = HazardReportResource.thumbnail(size);
        return handling.readable(admin(), id).chain(r -> photos.open(id, photoId, thumbnail, false))
                .map(HazardReportResource::image);
    }

    private AdminScope.Admin admin() {
        return scope.admin(identity);
    }

    private HazardRepository.Filter filter(String region, String category, List<String> status, LocalDate from,
                                           LocalDate to, boolean overdue) {
        AdminScope.Admin admin = admin();
        Region r = scope.scope(admin, AdminAction.READ_HAZARDS, region);
        return queries.filter(r, category, status, from, to, overdue);
    }
}
