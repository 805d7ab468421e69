package anquanli.quiz;

import anquanli.region.Region;
import anquanli.region.RegionLevel;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
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

    private final RegionTree regions;

    public PointsLedger(RegionTree regions) {
        this.regions = regions;
    }

    /**
     * Idempotent per (attempt, reason): a second credit for the same attempt is ignored and yields null.
     * The row's created_at is the attempt's closing time, so boards rebuilt from the ledger order ties exactly as the
     * live boards did.
     */
    public Uni<AttemptFinished> creditAttempt(SqlClient tx, AttemptFinished credit) {
        return tx.preparedQuery("insert into points_ledger (campaign_id, participant_id, attempt_id, reason, points, "
                        + "local_day, unit_id, province_code, city_code, county_code, town_code, created_at) "
                        + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                        + "on conflict (attempt_id, reason) do nothing")
                .execute(Tuple.tuple(List.of(credit.campaignId(), credit.participantId(), credit.attemptId(), ATTEMPT,
                                credit.points(), credit.localDay()))
                        .addValue(credit.unitId())
                        .addValue(credit.provinceCode())
                        .addValue(credit.cityCode())
                        .addValue(credit.countyCode())
                        .addValue(credit.townCode())
                        .addValue(credit.finishedAt().atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1 ? credit : null);
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
