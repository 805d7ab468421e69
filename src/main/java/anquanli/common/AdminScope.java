package anquanli.common;

import anquanli.region.Region;
import anquanli.region.RegionTree;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who an admin is and what they may do where: the one permission check for admin endpoints, applying the table in
 * {@link AdminAction}. A national admin's region is the whole country; every other admin's region is the
 * region_code claim of their token. An admin asking about a region outside their own is refused, never answered
 * with data.
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

    /** Whether the admin may do {@code action} in {@code region} (null: the whole country). */
    public boolean may(Admin admin, AdminAction action, Region region) {
        return refusal(admin, action, region, false) == null;
    }

    /** Refuses with 403 {@code forbidden}, {@code region-out-of-scope} or {@code region-not-below}. */
    public void require(Admin admin, AdminAction action, Region region) {
        throwIfRefused(refusal(admin, action, region, false));
    }

    /**
     * Like {@link #require} for a unit registered in {@code unitRegion}: a unit lies below the region it is
     * registered in, so a below-only action reaches the units of the admin's own region.
     */
    public void requireForUnit(Admin admin, AdminAction action, Region unitRegion) {
        throwIfRefused(refusal(admin, action, unitRegion, true));
    }

    /**
     * The region an admin request is about: the requested one if the admin may do {@code action} there, or the
     * admin's own region (the whole country for a national admin, returned as null) when none is requested.
     * Refuses like {@link #require}; a role that does not allow the action is refused before an unknown code is.
     */
    public Region scope(Admin admin, AdminAction action, String requestedCode) {
        throwIfRefused(roleRefusal(admin, action));
        Region region = requestedCode == null || requestedCode.isBlank() ? admin.region()
                : regions.require(requestedCode);
        require(admin, action, region);
        return region;
    }

    private static ApiProblem refusal(Admin admin, AdminAction action, Region region, boolean unitBelow) {
        ApiProblem role = roleRefusal(admin, action);
        if (role != null) {
            return role;
        }
        if (!admin.national() && (region == null || !region.within(admin.region()))) {
            return new ApiProblem(403, "region-out-of-scope", "Outside your region",
                    "This admin account covers " + admin.region().name() + " (" + admin.region().code()
                            + ") and the regions below it only",
                    Map.of("adminRegion", admin.region().code()));
        }
        if (action.reach() == AdminAction.Reach.BELOW_ONLY && !unitBelow && region == admin.region()) {
            return new ApiProblem(403, "region-not-below", "Not below your region",
                    "Only the level above may do this for your own region ("
                            + (admin.national() ? "the whole country" : admin.region().name() + ", "
                            + admin.region().code()) + "); you may do it for the regions below it");
        }
        return null;
    }

    private static ApiProblem roleRefusal(Admin admin, AdminAction action) {
        if (!Collections.disjoint(admin.roles(), action.roles())) {
            return null;
        }
        return new ApiProblem(403, "forbidden", "Forbidden", "This account may not perform this operation (it needs "
                + "one of the roles " + String.join(", ", new TreeSet<>(action.roles())) + ")");
    }

    private static void throwIfRefused(ApiProblem refusal) {
        if (refusal != null) {
            throw refusal;
        }
    }
}
