package anquanli.quiz.campaign;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Campaigns are few and read on every attempt, so they are held in memory and reloaded every 30 s (and right
 * after this instance changes one).
 */
@ApplicationScoped
public class CampaignRepository {

    private final Pool pool;
    private volatile Map<Long, Campaign> byId = Map.of();

    public CampaignRepository(Pool pool) {
        this.pool = pool;
    }

    public Campaign find(long id) {
        return byId.get(id);
    }

    /** The campaign as the database has it now (null if there is none), for decisions a stale cache must not make. */
    public Uni<Campaign> load(SqlClient db, long id) {
        return db.preparedQuery("select * from campaign where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : Campaign.of(rows.iterator().next()));
    }

    public List<Campaign> all() {
        return byId.values().stream().sorted(Comparator.comparing(Campaign::startDate).thenComparing(Campaign::id))
                .toList();
    }

    public Uni<Void> reload() {
        return pool.query("select * from campaign").execute().map(rows -> {
            Map<Long, Campaign> map = new java.util.HashMap<>();
            rows.forEach(r -> {
                Campaign c = Campaign.of(r);
                map.put(c.id(), c);
            });
            byId = Map.copyOf(map);
            return null;
        });
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload();
    }

}
