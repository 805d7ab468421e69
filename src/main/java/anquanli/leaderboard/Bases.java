package anquanli.leaderboard;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Per-capita bases (region population, unit head count), few and read on every board update: held in memory. */
@ApplicationScoped
public class Bases {

    public enum Kind { REGION, UNIT }

    private final Pool pool;
    private volatile Map<String, Integer> bases = Map.of();

    public Bases(Pool pool) {
        this.pool = pool;
    }

    void load(@Observes StartupEvent event) {
        reload().await().atMost(Duration.ofSeconds(30));
    }

    public Integer of(Kind kind, String code) {
        return bases.get(kind + ":" + code);
    }

    public Uni<Void> set(Kind kind, String code, int base) {
        return pool.preparedQuery("insert into leaderboard_base (kind, code, base) values ($1, $2, $3) "
                        + "on conflict (kind, code) do update set base = excluded.base, updated_at = now()")
                .execute(Tuple.of(kind.name(), code, base)).chain(this::reload);
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        return pool.query("select kind, code, base from leaderboard_base").execute().map(rows -> {
            Map<String, Integer> map = new HashMap<>();
            rows.forEach(r -> map.put(r.getString("kind") + ":" + r.getString("code"), r.getInteger("base")));
            bases = Map.copyOf(map);
            return null;
        });
    }
}
