package anquanli.leaderboard;

import anquanli.quiz.AttemptFinished;
import anquanli.quiz.AttemptFinishedListener;
import anquanli.quiz.PointsLedger;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import anquanli.region.Region;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a closed attempt on every board it touches: regions at each level among their siblings, the unit within each
 * region level above it, the participant within each region level — for the whole campaign and for the day — in one
 * script call (one round trip, atomic). One query first asks the ledger whether the participant is new to each of
 * those regions and the unit (distinct participants) and fetches the name to show.
 */
@ApplicationScoped
public class LeaderboardWriter implements AttemptFinishedListener {

    private static final String[] LEVEL_COLUMNS = {"province_code", "city_code", "county_code", "town_code"};

    private final Pool pool;
    private final BoardScript script;
    private final CampaignRepository campaigns;
    private final Bases bases;
    private final RegionTree regions;

    public LeaderboardWriter(Pool pool, BoardScript script, CampaignRepository campaigns, Bases bases,
                             RegionTree regions) {
        this.pool = pool;
        this.script = script;
        this.campaigns = campaigns;
        this.bases = bases;
        this.regions = regions;
    }

    private static final String SEEN_SQL;

    static {
        StringBuilder sb = new StringBuilder("select (select display_name from participant where id = $2) as name, "
                + "(select region_code from unit where id = $9) as unit_region, "
                + "coalesce(bool_or(unit_id = $9), false) as unit_t, "
                + "coalesce(bool_or(unit_id = $9 and local_day = $3), false) as unit_d");
        for (int i = 0; i < LEVEL_COLUMNS.length; i++) {
            String c = LEVEL_COLUMNS[i];
            int p = 4 + i;
            sb.append(", coalesce(bool_or(").append(c).append(" = $").append(p).append("), false) as l").append(i)
                    .append("_t, coalesce(bool_or(").append(c).append(" = $").append(p)
                    .append(" and local_day = $3), false) as l").append(i).append("_d");
        }
        // Only answering makes someone count in a region or unit; a lottery prize row says nothing about it.
        sb.append(" from points_ledger where campaign_id = $1 and participant_id = $2 and reason = '")
                .append(PointsLedger.ATTEMPT).append("' and attempt_id <> $8");
        SEEN_SQL = sb.toString();
    }

    @Override
    public Uni<Void> onAttemptFinished(AttemptFinished f) {
        Campaign campaign = campaigns.find(f.campaignId());
        if (campaign == null) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(SEEN_SQL)
                .execute(Tuple.tuple(List.of(f.campaignId(), f.participantId(), f.localDay()))
                        .addValue(f.provinceCode()).addValue(f.cityCode()).addValue(f.countyCode())
                        .addValue(f.townCode()).addValue(f.attemptId()).addValue(f.unitId()))
                .chain(rows -> script.run(update(campaign, f, rows.iterator().next())));
    }

    BoardUpdate update(Campaign campaign, AttemptFinished f, Row seen) {
        long c = f.campaignId();
        BoardUpdate u = new BoardUpdate(Score.t(campaign.startDate(), f.finishedAt()));
        String[] codes = {f.provinceCode(), f.cityCode(), f.countyCode(), f.townCode()};
        String[] parents = {BoardKeys.NATIONAL, f.provinceCode(), f.cityCode(), f.countyCode()};
        String participant = Long.toString(f.participantId());
        for (String period : List.of(BoardKeys.TOTAL, BoardKeys.period(f.localDay()))) {
            String suffix = period.equals(BoardKeys.TOTAL) ? "_t" : "_d";
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] == null) {
                    continue;
                }
                boolean isNew = !seen.getBoolean("l" + i + suffix);
                String parent = parents[i];
                counters(u, f, Bases.Kind.REGION, codes[i], isNew, m -> BoardKeys.regions(c, m, period, parent));
            }
            // The participant is ranked nationally and within each level of the region, town included if any.
            for (String scope : new String[]{BoardKeys.NATIONAL, codes[0], codes[1], codes[2], codes[3]}) {
                if (scope != null) {
                    u.add(BoardKeys.participants(c, period, scope), participant, f.points());
                }
            }
            Region unitRegion = f.unitId() == null ? null : regions.find(seen.getString("unit_region"));
            if (unitRegion != null) {
                boolean isNew = !seen.getBoolean("unit" + suffix);
                for (String scope : scopes(unitRegion)) {
                    counters(u, f, Bases.Kind.UNIT, f.unitId().toString(), isNew,
                            m -> BoardKeys.units(c, m, period, scope));
                }
            }
        }
        u.hset(BoardKeys.names(c), participant, Names.mask(seen.getString("name")));
        return u;
    }

    /** Points, attempts (人次) and, for someone new to this board, participants and the per-capita rate. */
    private void counters(BoardUpdate u, AttemptFinished f, Bases.Kind kind, String member, boolean newParticipant,
                          java.util.function.Function<Metric, String> key) {
        u.add(key.apply(Metric.POINTS), member, f.points());
        u.add(key.apply(Metric.ATTEMPTS), member, 1);
        u.add(key.apply(Metric.PARTICIPANTS), member, newParticipant ? 1 : 0);
        Integer base = bases.of(kind, member);
        if (newParticipant && base != null) {
            u.rate(key.apply(Metric.RATE), key.apply(Metric.PARTICIPANTS), member, base);
        }
    }

    /** The region scopes a unit is ranked in: national, then its province, city, county (and town). */
    static List<String> scopes(Region unitRegion) {
        List<String> scopes = new ArrayList<>();
        scopes.add(BoardKeys.NATIONAL);
        unitRegion.path().forEach(r -> scopes.add(r.code()));
        return scopes;
    }
}
