package anquanli.quiz.campaign;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
