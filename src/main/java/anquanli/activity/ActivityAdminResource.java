package anquanli.activity;

import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.Paging;
import anquanli.common.CoordinateSystem;
import anquanli.common.Roles;
import anquanli.common.Spreadsheets;
import anquanli.common.Uploads;
import anquanli.region.RegionTree;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

/**
 * Events for the offices: organizers (and the national office) create and run them in their region and below; region
 * admins may read them, their posters, check-ins and exports.
 */
@Path("/api/v1/admin/activities")
@Produces(MediaType.APPLICATION_JSON)
public class ActivityAdminResource {

    private static final Logger LOG = Logger.getLogger(ActivityAdminResource.class);

    private final ActivityService service;
    private final PosterRenderer posters;
    private final RegionTree regions;
    private final AdminScope scope;
    private final SecurityIdentity identity;

    public ActivityAdminResource(ActivityService service, PosterRenderer posters, RegionTree regions,
                                 AdminScope scope, SecurityIdentity identity) {
        this.service = service;
        this.posters = posters;
        this.regions = regions;
        this.scope = scope;
        this.identity = identity;
    }

    public record ActivityRequest(Long campaignId, @NotBlank @Size(max = 100) String name,
                                  @NotNull ActivityKind kind, @NotBlank @Size(max = 12) String regionCode,
                                  @Size(max = 200) String address, Double lat, Double lng,
                                  CoordinateSystem coordinateSystem, @NotNull Instant startsAt,
                                  @NotNull Instant endsAt, @Min(1) @Max(10_000_000) Integer capacity, Long unitId,
                                  @Size(max = 200) String organizerName,
                                  @Min(50) @Max(10_000) Integer geofenceMeters) {

        ActivityService.Form form() {
            return new ActivityService.Form(campaignId, name, kind, regionCode, address, lat, lng, coordinateSystem,
                    startsAt, endsAt, capacity, unitId, organizerName, geofenceMeters);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.ORGANIZER})
    public Uni<Response> create(@Valid @NotNull ActivityRequest request) {
        if (request.campaignId() == null) {
            throw ApiProblem.invalidField("campaignId", "must not be null");
        }
        return service.create(admin(), request.form()).map(d -> Response.created(
                URI.create("/api/v1/admin/activities/" + d.activity().id())).entity(d).build());
    }

    @GET
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.ORGANIZER})
    public Uni<ActivityViews.Page> list(@QueryParam("campaignId") Long campaignId,
                                        @QueryParam("region") String region, @QueryParam("kind") ActivityKind kind,
                                        @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                        @QueryParam("includeCancelled") @DefaultValue("false") boolean cancelled,
                                        @QueryParam("crs") String crs, @QueryParam("cursor") String cursor,
                                        @QueryParam("limit") @DefaultValue("50") int limit) {
        Paging.checkLimit(limit, 200);
        return service.list(admin(), query(campaignId, region, kind, from, to, cancelled), cursor, limit,
                CoordinateSystem.parse(crs));
    }

    @GET
    @Path("/export")
    @Produces({"text/csv", Uploads.XLSX, "application/problem+json"})
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.ORGANIZER})
    public Uni<Response> export(@QueryParam("format") @DefaultValue("xlsx") String format,
                                @QueryParam("campaignId") Long campaignId, @QueryParam("region") String region,
                                @QueryParam("kind") ActivityKind kind, @QueryParam("from") LocalDate from,
                                @QueryParam("to") LocalDate to,
                                @QueryParam("includeCancelled") @DefaultValue("false") boolean cancelled) {
        Spreadsheets.Format f = Spreadsheets.Format.of(format);
        AdminScope.Admin admin = admin();
        ActivityService.ListQuery q = query(campaignId, region, kind, from, to, cancelled);
        return service.all(admin, q).emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
            byte[] body = f.write("activities", ActivityExport.HEADER, rows.stream().map(ActivityExport::cells).toList());
            LOG.infof("Activities exported as %s by %s: campaign %d, region %s, %d rows", format, admin.username(),
                    q.campaignId(), q.region() == null ? "(own)" : q.region(), rows.size());
            return f.attachment(body, "activities");
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.ORGANIZER})
    public Uni<ActivityViews.Detail> one(@PathParam("id") long id, @QueryParam("crs") String crs) {
        return service.read(admin(), id, CoordinateSystem.parse(crs));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.ORGANIZER})
    public Uni<ActivityViews.Detail> update(@PathParam("id") long id, @Valid @NotNull ActivityRequest request) {
        return service.update(admin(), id, request.form());
    }

    public record CancelRequest(@NotBlank @Size(max = 200) String reason) {
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.ORGANIZER})
    public Uni<ActivityViews.Detail> cancel(@PathParam("id") long id, @Valid @NotNull CancelRequest request) {
        return service.cancel(admin(), id, request.reason());
    }

    public record HeadCountRequest(@NotNull @Min(0) @Max(10_000_000) Integer count,
                                   @Size(max = 200) String note) {
    }

    @PUT
    @Path("/{id}/head-count")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.ORGANIZER})
    public Uni<ActivityViews.Detail> headCount(@PathParam("id") long id, @Valid @NotNull HeadCountRequest request) {
        return service.setHeadCount(admin(), id, request.count(), request.note());
    }

    @GET
    @Path("/{id}/check-ins")
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.ORGANIZER})
    public Uni<ActivityViews.EventCheckInPage> checkIns(@PathParam("id") long id, @QueryParam("cursor") String cursor,
                                                        @QueryParam("limit") @DefaultValue("100") int limit) {
        Paging.checkLimit(limit, 500);
        return service.checkIns(admin(), id, cursor, limit);
    }

    @GET
    @Path("/{id}/poster.png")
    @Produces({"image/png", "application/problem+json"})
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.ORGANIZER})
    public Uni<Response> posterPng(@PathParam("id") long id) {
        return poster(id, "png");
    }

    @GET
    @Path("/{id}/poster.pdf")
    @Produces({"application/pdf", "application/problem+json"})
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.ORGANIZER})
    public Uni<Response> posterPdf(@PathParam("id") long id) {
        return poster(id, "pdf");
    }

    private Uni<Response> poster(long id, String format) {
        return service.forPoster(admin(), id).emitOn(Infrastructure.getDefaultWorkerPool()).map(a -> {
            ActivityViews.CheckInCode code = service.checkInCode(a);
            PosterRenderer.Content c = new PosterRenderer.Content(a.name(), a.kind(), regions.require(a.regionCode()),
                    a.address(), a.startsAt(), a.endsAt(), a.organizerName(), code.qrText(), code.code());
            byte[] body = format.equals("png") ? posters.png(c) : posters.pdf(c);
            return Response.ok(body, format.equals("png") ? "image/png" : "application/pdf")
                    .header("Content-Disposition", "inline; filename=\"activity-" + id + "." + format + "\"").build();
        });
    }

    private ActivityService.ListQuery query(Long campaignId, String region, ActivityKind kind, LocalDate from,
                                            LocalDate to, boolean cancelled) {
        if (campaignId == null) {
            throw ApiProblem.badRequest("campaign-required", "campaignId is required");
        }
        return new ActivityService.ListQuery(campaignId, region, kind, from, to, cancelled);
    }

    private AdminScope.Admin admin() {
        return scope.admin(identity);
    }
}
