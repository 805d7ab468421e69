package anquanli.quiz;

import anquanli.region.Region;
import anquanli.region.RegionLevel;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static anquanli.common.SqlArrays.column;

/**
 * 参赛者每次答题均可为其所在地区和单位获得积分: one ledger row per credit carries the participant, the unit and each
 * region level above the participant, so every one of them is credited by the same row and the row can never be
 * half-written. Leaderboards and statistics are derived from this table (its ATTEMPT rows:
 * answering is what they measure; lottery prize points are the participant's own).
 */
@ApplicationScoped
public class PointsLedger {

    public static final String ATTEMPT = "ATTEMPT";
    /**
     * Points won in the lottery: the participant's own, never a region's or a unit's. Boards and the progress report
     * read {@link #ATTEMPT} rows only (rankings measure answering, and luck must not move them).
     */
    public static final String LOTTERY = "LOTTERY";

    /** The same region exactly, every level compared (a null level equals a null level). */
    private static final String EXACT = "province_code is not distinct from $8 and city_code is not distinct from $9 "
            + "and county_code is not distinct from $10 and town_code is not distinct from $11";

    private final RegionTree regions;

    public PointsLedger(RegionTree regions) {
        this.regions = regions;
    }

    private static final String[] LEVEL_COLUMNS = {"province_code", "city_code", "county_code", "town_code"};
    private static final String CREDIT_SQL;

    static {
        // The insert and the look-back share one statement: the select reads the snapshot taken before the insert, so
        // it sees the participant's earlier attempts only. Only answering makes someone count somewhere; a lottery
        // prize row says nothing about it.
        StringBuilder sb = new StringBuilder("with ins as (insert into points_ledger (campaign_id, participant_id, "
                + "attempt_id, reason, points, local_day, unit_id, province_code, city_code, county_code, town_code, "
                + "created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                + "on conflict (attempt_id, reason) do nothing returning 1) "
                + "select (select count(*) from ins) as inserted, "
                + "(select display_name from participant where id = $2) as name, "
                + "(select region_code from unit where id = $7) as unit_region, "
                + "coalesce(bool_or(true), false) as n_t, coalesce(bool_or(local_day = $6), false) as n_d, "
                + "coalesce(bool_or(unit_id = $7), false) as unit_t, "
                + "coalesce(bool_or(unit_id = $7 and local_day = $6), false) as unit_d, "
                + "coalesce(bool_or(" + EXACT + "), false) as exact_t, "
                + "coalesce(bool_or(" + EXACT + " and local_day = $6), false) as exact_d");
        for (int i = 0; i < LEVEL_COLUMNS.length; i++) {
            String c = LEVEL_COLUMNS[i];
            int p = 8 + i;
            sb.append(", coalesce(bool_or(").append(c).append(" = $").append(p).append("), false) as l").append(i)
                    .append("_t, coalesce(bool_or(").append(c).append(" = $").append(p)
                    .append(" and local_day = $6), false) as l").append(i).append("_d");
        }
        sb.append(" from points_ledger where campaign_id = $1 and participant_id = $2 and reason = $4");
        CREDIT_SQL = sb.toString();
    }

    /**
     * Writes the ledger row of a closed attempt and returns the credit with its {@link Firsts}, the participant's
     * display name and the unit's region; null when the attempt was credited already (idempotent per attempt and
     * reason). Run it after the participant's row is locked, or two attempts closing together could both be counted
     * as the participant's first. The row's created_at is the attempt's closing time, so boards rebuilt from the
     * ledger order ties exactly as the live boards did.
     */
    public Uni<AttemptFinished> creditAttempt(SqlClient tx, AttemptFinished credit) {
        return tx.preparedQuery(CREDIT_SQL)
                .execute(Tuple.tuple(List.of(credit.campaignId(), credit.participantId(), credit.attemptId(), ATTEMPT,
                                credit.points(), credit.localDay()))
                        .addValue(credit.unitId())
                        .addValue(credit.provinceCode())
                        .addValue(credit.cityCode())
                        .addValue(credit.countyCode())
                        .addValue(credit.townCode())
                        .addValue(credit.finishedAt().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getLong("inserted") == 0) {
                        return null;
                    }
                    boolean[] levelT = new boolean[LEVEL_COLUMNS.length];
                    boolean[] levelD = new boolean[LEVEL_COLUMNS.length];
                    for (int i = 0; i < LEVEL_COLUMNS.length; i++) {
                        levelT[i] = !r.getBoolean("l" + i + "_t");
                        levelD[i] = !r.getBoolean("l" + i + "_d");
                    }
                    Firsts firsts = new Firsts(!r.getBoolean("n_t"), !r.getBoolean("n_d"), levelT, levelD,
                            !r.getBoolean("exact_t"), !r.getBoolean("exact_d"), !r.getBoolean("unit_t"),
                            !r.getBoolean("unit_d"));
                    return new AttemptFinished(credit.campaignId(), credit.participantId(), credit.attemptId(),
                            credit.status(), credit.points(), credit.correctCount(), credit.questionCount(),
                            credit.lotteryChances(), credit.localDay(), credit.finishedAt(), credit.unitId(),
                            credit.provinceCode(), credit.cityCode(), credit.countyCode(), credit.townCode(), firsts,
                            r.getString("name"), r.getString("unit_region"));
                });
    }

    /** A POINTS prize won by a draw; the participant's region (null without a profile) and unit when they won. */
    public record DrawCredit(long campaignId, long participantId, UUID drawId, int points, LocalDate localDay,
                             Instant at, String regionCode, Long unitId) {
    }

    /**
     * Credits the points of POINTS prizes, inside the transaction that records their draws (so both or neither), one
     * statement for all. The region and unit are the participant's when they won, for the record; a participant
     * without a profile yet gets a row without them. One row per draw: draw_id is unique, a second credit for a draw
     * fails.
     */
    public Uni<Void> creditDraws(SqlClient tx, List<DrawCredit> credits) {
        if (credits.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String[]> dims = credits.stream()
                .map(c -> c.regionCode() == null ? new String[4] : dimensions(c.regionCode())).toList();
        return tx.preparedQuery("insert into points_ledger (campaign_id, participant_id, draw_id, reason, points, "
                        + "local_day, unit_id, province_code, city_code, county_code, town_code, created_at) "
                        + "select c, p, d, $4, pts, day, u, pr, ci, co, tw, t from unnest($1::bigint[], $2::bigint[], "
                        + "$3::uuid[], $5::int[], $6::date[], $7::bigint[], $8::text[], $9::text[], $10::text[], "
                        + "$11::text[], $12::timestamptz[]) as i(c, p, d, pts, day, u, pr, ci, co, tw, t)")
                .execute(Tuple.tuple(List.of(column(credits, DrawCredit::campaignId, Long[]::new),
                        column(credits, DrawCredit::participantId, Long[]::new),
                        column(credits, DrawCredit::drawId, UUID[]::new), LOTTERY,
                        column(credits, DrawCredit::points, Integer[]::new),
                        column(credits, DrawCredit::localDay, LocalDate[]::new),
                        column(credits, DrawCredit::unitId, Long[]::new), column(dims, d -> d[0], String[]::new),
                        column(dims, d -> d[1], String[]::new), column(dims, d -> d[2], String[]::new),
                        column(dims, d -> d[3], String[]::new),
                        column(credits, c -> c.at().atOffset(ZoneOffset.UTC), OffsetDateTime[]::new))))
                .replaceWithVoid();
    }

    /** Points a participant won in a campaign's lottery. */
    public Uni<Long> lotteryPoints(SqlClient db, long campaignId, long participantId) {
        return db.preparedQuery("select coalesce(sum(points), 0) from points_ledger where participant_id = $1 "
                        + "and campaign_id = $2 and reason = $3")
                .execute(Tuple.of(participantId, campaignId, LOTTERY))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The ledger dimensions of a participant's region: province, city, county and town codes (some may be null). */
    public String[] dimensions(String regionCode) {
        Region region = regions.find(regionCode);
        if (region == null) {
            throw new IllegalStateException("attempt region " + regionCode + " unknown");
        }
        return new String[]{region.codeAt(RegionLevel.PROVINCE), region.codeAt(RegionLevel.CITY),
                region.codeAt(RegionLevel.COUNTY), region.codeAt(RegionLevel.TOWN)};
    }
}
