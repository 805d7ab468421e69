package anquanli.leaderboard;

import anquanli.common.ApiProblem;
import anquanli.participant.CurrentParticipant;
import anquanli.participant.Tokens;
import anquanli.quiz.campaign.Campaign;
import anquanli.region.Region;
import anquanli.region.RegionRef;
import anquanli.region.RegionTree;
import io.quarkus.oidc.Tenant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.List;

/** My rank and points nationally and at each level of my region, and my unit's rank. */
@Path("/api/v1/me/ranks")
@Tenant(Tokens.PARTICIPANT_TENANT)
@RolesAllowed(Tokens.PARTICIPANT_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class MyRanksResource {

    private final LeaderboardService boards;
    private final RegionTree regions;
    private final Pool pool;
    private final JsonWebToken jwt;

    public MyRanksResource(LeaderboardService boards, RegionTree regions, Pool pool, JsonWebToken jwt) {
        this.boards = boards;
        this.regions = regions;
        this.pool = pool;
        this.jwt = jwt;
    }

    /** rank is null when not ranked yet (no finished attempt on that board). */
    public record Rank(RegionRef scope, Integer rank, long points, long of) {
    }

    public record UnitRank(long unitId, String name, Rank national, Rank county) {
    }

    public record MyRanks(long campaignId, Rank national, List<Rank> regions, UnitRank unit) {
    }

    @GET
    public Uni<MyRanks> ranks(@QueryParam("campaign") Long campaignId) {
        if (campaignId == null) {
            throw ApiProblem.badRequest("campaign-required", "Query parameter campaign is required");
        }
        Campaign c = boards.campaign(campaignId);
        long me = CurrentParticipant.id(jwt);
        return pool.preparedQuery("select p.region_code, p.unit_id, u.name as unit_name, u.region_code as unit_region "
                        + "from participant p left join unit u on u.id = p.unit_id where p.id = $1")
                .execute(Tuple.of(me))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        // A valid token whose participant is gone (erased since): nothing to rank.
                        throw ApiProblem.notFound("Participant", me);
                    }
                    Row r = rows.iterator().next();
                    Region region = regions.find(r.getString("region_code"));
                    List<Region> path = region == null ? List.of() : region.path();
                    List<String> keys = new ArrayList<>();
                    List<String> members = new ArrayList<>();
                    keys.add(BoardKeys.participants(c.id(), BoardKeys.TOTAL, BoardKeys.NATIONAL));
                    members.add(Long.toString(me));
                    for (Region level : path) {
                        keys.add(BoardKeys.participants(c.id(), BoardKeys.TOTAL, level.code()));
                        members.add(Long.toString(me));
                    }
                    Long unitId = r.getLong("unit_id");
                    Region unitRegion = regions.find(r.getString("unit_region"));
                    Region unitCounty = unitRegion == null ? null : unitRegion.at(anquanli.region.RegionLevel.COUNTY);
                    if (unitId != null && unitCounty != null) {
                        keys.add(BoardKeys.units(c.id(), Metric.POINTS, BoardKeys.TOTAL, BoardKeys.NATIONAL));
                        members.add(unitId.toString());
                        keys.add(BoardKeys.units(c.id(), Metric.POINTS, BoardKeys.TOTAL, unitCounty.code()));
                        members.add(unitId.toString());
                    }
                    return boards.positions(c.id(), keys, members).map(ps -> {
                        List<Rank> levels = new ArrayList<>();
                        for (int i = 0; i < path.size(); i++) {
                            levels.add(rank(RegionRef.of(path.get(i)), ps.get(i + 1)));
                        }
                        UnitRank unit = unitId == null || unitCounty == null ? null
                                : new UnitRank(unitId, r.getString("unit_name"), rank(null, ps.get(path.size() + 1)),
                                rank(RegionRef.of(unitCounty), ps.get(path.size() + 2)));
                        return new MyRanks(c.id(), rank(null, ps.get(0)), levels, unit);
                    });
                });
    }

    private static Rank rank(RegionRef scope, LeaderboardService.Position p) {
        return new Rank(scope, p.rank(), p.value(), p.of());
    }
}
