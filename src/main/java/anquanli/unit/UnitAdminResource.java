package anquanli.unit;

import anquanli.common.AdminScope;
import anquanli.common.Roles;
import anquanli.common.Uploads;
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
    @Consumes({"text/csv", Uploads.XLSX})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public UnitAdminService.Imported importUnits(byte[] body, @HeaderParam("Content-Type") String contentType,
                                                 @QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        Uploads.requireSize(body);
        var drafts = Uploads.isXlsx(contentType) ? UnitSheets.xlsx(body) : UnitSheets.csv(body);
        return service.importAll(scope.admin(identity), drafts, dryRun).await().atMost(Duration.ofMinutes(2));
    }

    @GET
    @Path("/template.xlsx")
    @Produces(Uploads.XLSX)
    @Blocking
    public Response template() {
        return Response.ok(UnitSheets.template(), Uploads.XLSX)
                .header("Content-Disposition", "attachment; filename=\"units-template.xlsx\"").build();
    }
}
