package anquanli.quiz;

import anquanli.region.Region;
import anquanli.region.RegionLevel;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * 参赛者每次答题均可为其所在地区和单位获得积分: one ledger row per credit carries the participant, the unit and each
 * region level above the participant, so every one of them is credited by the same row and the row can never be
 * half-written. Leaderboards and statistics are derived from this table.
 */
@ApplicationScoped
public class PointsLedger {

    public static final String ATTEMPT = "ATTEMPT";

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
