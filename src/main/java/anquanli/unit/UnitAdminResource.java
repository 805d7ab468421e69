package anquanli.unit;

import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;

/** Units registered by admins within their region: one at a time, or a whole list from CSV or Excel. */
@Path("/api/v1/admin/units")
@RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
public class UnitAdminResource {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final int MAX_UPLOAD = 5 * 1024 * 1024;

    private final UnitAdminService service;
    private final AdminScope scope;
    private final SecurityIdentity identity;

    public UnitAdminResource(UnitAdminService service, AdminScope scope, SecurityIdentity identity) {
        this.service = service;
        this.scope = scope;
        this.identity = identity;
    }

    public record UnitRequest(@NotNull String name, @NotNull String regionCode, String creditCode, String kind) {
    }

    public record Created(long id) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull UnitRequest r) {
        return service.create(scope.admin(identity), new UnitAdminService.Draft(0, r.name(), r.regionCode(),
                        r.creditCode(), r.kind()))
                .map(id -> Response.created(URI.create("/api/v1/units/" + id)).entity(new Created(id)).build());
    }

    @POST
    @Path("/imports")
    @Consumes({"text/csv", XLSX})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public UnitAdminService.Imported importUnits(byte[] body, @HeaderParam("Content-Type") String contentType,
                                                 @QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("upload-empty", "The request body is empty");
        }
        if (body.length > MAX_UPLOAD) {
            throw new ApiProblem(413, "upload-too-large", "Upload too large", "Uploads are limited to 5 MB");
        }
        var drafts = contentType != null && contentType.startsWith(XLSX) ? UnitSheets.xlsx(body) : UnitSheets.csv(body);
        return service.importAll(scope.admin(identity), drafts, dryRun).await().atMost(Duration.ofMinutes(2));
    }

    @GET
    @Path("/template.xlsx")
    @Produces(XLSX)
    @Blocking
    public Response template() {
        return Response.ok(UnitSheets.template(), XLSX)
                .header("Content-Disposition", "attachment; filename=\"units-template.xlsx\"").build();
    }
}
