package anquanli.common;

import anquanli.region.RegionRef;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Set;

/** The signed-in admin as the admin console shows them: roles and the region they cover. */
@Path("/api/v1/admin/me")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final AdminScope scope;
    private final SecurityIdentity identity;

    public AdminResource(AdminScope scope, SecurityIdentity identity) {
        this.scope = scope;
        this.identity = identity;
    }

    public record AdminView(String username, Set<String> roles, boolean national, List<RegionRef> regionPath) {
    }

    @GET
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.HAZARD_OFFICER, Roles.ORGANIZER})
    public AdminView me() {
        AdminScope.Admin admin = scope.admin(identity);
        return new AdminView(admin.username(), admin.roles(), admin.national(),
                admin.national() ? List.of() : admin.region().path().stream().map(RegionRef::of).toList());
    }
}
