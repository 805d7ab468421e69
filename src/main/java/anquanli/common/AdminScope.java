package anquanli.common;

import anquanli.region.Region;
import anquanli.region.RegionTree;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who an admin is and which part of the region tree they may see. A national admin sees everything; every other
 * admin sees their region (the region_code claim) and everything below it, and nothing else: a county admin asking
 * for another county is refused, never answered with data.
 */
@ApplicationScoped
public class AdminScope {

    private final RegionTree regions;

    public AdminScope(RegionTree regions) {
        this.regions = regions;
    }

    /** An admin and their scope; {@code region} is null for the national level. */
    public record Admin(String username, Set<String> roles, Region region) {

        public boolean national() {
            return region == null;
        }

        public String regionCode() {
            return region == null ? null : region.code();
        }
    }

    public Admin admin(SecurityIdentity identity) {
        Set<String> roles = new TreeSet<>(identity.getRoles());
        String username = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("preferred_username") != null) {
            username = jwt.getClaim("preferred_username").toString();
        }
        if (roles.contains(Roles.NATIONAL_ADMIN)) {
            return new Admin(username, roles, null);
        }
        Object claim = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(Roles.REGION_CLAIM) : null;
        Region region = claim == null ? null : regions.find(claim.toString().replace("\"", ""));
        if (region == null) {
            throw new ApiProblem(403, "admin-region-missing", "No region",
                    "This admin account has no valid region_code; ask the realm administrator to set one");
        }
        return new Admin(username, roles, region);
    }

    /**
     * The region an admin request is about: the requested one if it lies within the admin's scope, or the admin's
     * own region (the whole country for a national admin, returned as null) when none is requested.
     */
    public Region scope(Admin admin, String requestedCode) {
        if (requestedCode == null || requestedCode.isBlank()) {
            return admin.region();
        }
        Region requested = regions.require(requestedCode);
        require(admin, requested);
        return requested;
    }

    public void require(Admin admin, Region region) {
        if (!admin.national() && (region == null || !region.within(admin.region()))) {
            throw new ApiProblem(403, "region-out-of-scope", "Outside your region",
                    "This admin account covers " + admin.region().name() + " (" + admin.region().code()
                            + ") and the regions below it only",
                    Map.of("adminRegion", admin.region().code()));
        }
    }
}
