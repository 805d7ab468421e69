package anquanli.leaderboard;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.Roles;
import anquanli.region.RegionTree;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Per-capita bases for the participation-rate boards, set by admins for the regions and units below theirs. */
@Path("/api/v1/admin/leaderboards")
@Produces(MediaType.APPLICATION_JSON)
public class LeaderboardAdminResource {

    private final Bases bases;
    private final AdminScope scope;
    private final RegionTree regions;
    private final Pool pool;
    private final SecurityIdentity identity;

    public LeaderboardAdminResource(Bases bases, AdminScope scope, RegionTree regions, Pool pool,
                                    SecurityIdentity identity) {
        this.bases = bases;
        this.scope = scope;
        this.regions = regions;
        this.pool = pool;
        this.identity = identity;
    }

    public record BaseRequest(@NotNull Bases.Kind kind, @NotBlank String code,
                              @NotNull @Min(1) @Max(2_000_000_000) Integer base) {
    }

    public record BaseView(Bases.Kind kind, String code, int base) {
    }

    /**
     * Sets a region's population or a unit's head count for the participation-rate boards. An admin sets the bases
     * below their region (a region's own base is the level above's to set), including the units of their own
     * region. Takes effect on the next board update of that region or unit, and fully on the next rebuild.
     */
    @PUT
    @Path("/bases")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN})
    public Uni<BaseView> setBase(@Valid @NotNull BaseRequest request) {
        AdminScope.Admin admin = scope.admin(identity);
        Uni<Void> allowed;
        if (request.kind() == Bases.Kind.REGION) {
            scope.require(admin, AdminAction.SET_BASE, regions.require(request.code()));
            allowed = Uni.createFrom().voidItem();
        } else {
            long unitId;
            try {
                unitId = Long.parseLong(request.code());
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("unit-unknown", "For kind UNIT, code is the unit id");
            }
            allowed = pool.preparedQuery("select region_code from unit where id = $1").execute(Tuple.of(unitId))
                    .map(rows -> {
                        if (rows.rowCount() == 0) {
                            throw ApiProblem.notFound("Unit", unitId);
                        }
                        scope.requireForUnit(admin, AdminAction.SET_BASE,
                                regions.require(rows.iterator().next().getString("region_code")));
                        return null;
                    });
        }
        return allowed.chain(() -> bases.set(request.kind(), request.code(), request.base()))
                .map(x -> new BaseView(request.kind(), request.code(), request.base()));
    }
}
