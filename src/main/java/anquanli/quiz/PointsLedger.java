package anquanli.quiz;

import anquanli.region.Region;
import anquanli.region.RegionLevel;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

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

    /** Idempotent per (attempt, reason): a second credit for the same attempt is ignored. */
    public Uni<Void> creditAttempt(SqlClient tx, long campaignId, long participantId, UUID attemptId, int points,
                                   LocalDate day, Long unitId, String regionCode) {
        Region region = regions.find(regionCode);
        if (region == null) {
            return Uni.createFrom().failure(new IllegalStateException("attempt region " + regionCode + " unknown"));
        }
        return tx.preparedQuery("insert into points_ledger (campaign_id, participant_id, attempt_id, reason, points, "
                        + "local_day, unit_id, province_code, city_code, county_code, town_code) "
                        + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (attempt_id, reason) do nothing")
                .execute(Tuple.tuple(List.of(campaignId, participantId, attemptId, ATTEMPT, points, day))
                        .addValue(unitId)
                        .addValue(region.codeAt(RegionLevel.PROVINCE))
                        .addValue(region.codeAt(RegionLevel.CITY))
                        .addValue(region.codeAt(RegionLevel.COUNTY))
                        .addValue(region.codeAt(RegionLevel.TOWN)))
                .replaceWithVoid();
    }
}
