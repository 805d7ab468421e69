package anquanli.statistics;

import anquanli.region.Region;
import anquanli.region.RegionRef;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Signals for admins to review, never automatic penalties: attempts answered faster than people read, and devices
 * or networks behind many accounts ("one office answers for all staff"). Limited to the admin's region, which is a
 * prefix of the attempt's division code.
 */
@ApplicationScoped
public class ReviewService {

    private final Pool pool;
    private final RegionTree regions;

    public ReviewService(@ReactiveDataSource("reporting") Pool pool, RegionTree regions) {
        this.pool = pool;
        this.regions = regions;
    }

    public record SuspiciousAttempt(UUID attemptId, String participant, RegionRef region, Long unitId,
                                    int correctCount, int questionCount, long medianAnswerMillis,
                                    Instant startedAt) {
    }

    public record SharedSource(String kind, String value, long accounts, long attempts, List<String> regionCodes) {
    }

    public record Page<T>(List<T> items, int offset, int limit) {
    }

    public Uni<Page<SuspiciousAttempt>> suspicious(long campaignId, Region scope, long floorMillis, int offset,
                                                   int limit) {
        // The median is kept with the attempt when it closes (index attempt_review_speed_idx): no pass over answers.
        return pool.preparedQuery("select a.id, p.display_name, a.region_code, a.unit_id, a.correct_count, "
                        + "a.question_count, a.started_at, a.median_answer_ms as median_ms "
                        + "from attempt a join participant p on p.id = a.participant_id "
                        + "where a.campaign_id = $1 and a.median_answer_ms < $3 and a.region_code like $2 "
                        + "order by a.started_at desc, a.id limit $4 offset $5")
                .execute(Tuple.of(campaignId, prefix(scope), (int) Math.min(floorMillis, Integer.MAX_VALUE), limit, offset))
                .map(rows -> {
                    List<SuspiciousAttempt> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new SuspiciousAttempt(r.getUUID("id"),
                            anquanli.leaderboard.Names.mask(r.getString("display_name")),
                            ref(r.getString("region_code")), r.getLong("unit_id"), r.getShort("correct_count"),
                            r.getShort("question_count"), r.getInteger("median_ms"),
                            r.getOffsetDateTime("started_at").toInstant())));
                    return new Page<>(out, offset, limit);
                });
    }

    public Uni<Page<SharedSource>> shared(long campaignId, Region scope, int minAccounts, int offset, int limit) {
        return pool.preparedQuery("select * from ("
                        + "select 'DEVICE' as kind, device_id as value, count(distinct participant_id) as accounts, "
                        + "count(*) as attempts, array_agg(distinct region_code) as regions from attempt "
                        + "where campaign_id = $1 and region_code like $2 and device_id is not null group by device_id "
                        + "union all "
                        + "select 'IP', host(client_ip), count(distinct participant_id), count(*), "
                        + "array_agg(distinct region_code) from attempt "
                        + "where campaign_id = $1 and region_code like $2 and client_ip is not null group by client_ip"
                        + ") s where accounts >= $3 order by accounts desc, kind, value limit $4 offset $5")
                .execute(Tuple.of(campaignId, prefix(scope), (long) minAccounts, limit, offset))
                .map(rows -> {
                    List<SharedSource> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new SharedSource(r.getString("kind"), r.getString("value"),
                            r.getLong("accounts"), r.getLong("attempts"),
                            List.of(r.getArrayOfStrings("regions")))));
                    return new Page<>(out, offset, limit);
                });
    }

    private RegionRef ref(String code) {
        Region r = regions.find(code);
        return r == null ? null : RegionRef.of(r);
    }

    /** Division codes nest by prefix: everything in or below a region matches its code followed by anything. */
    private static String prefix(Region scope) {
        return scope == null ? "%" : scope.code() + "%";
    }
}
