package anquanli.quiz.bank;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enabled questions at their current versions, held in memory for drawing (a few thousand rows at most), and
 * a cache of every version ever shown, for grading against an attempt's snapshot. Versions never change once
 * written, so the cache needs no invalidation; the enabled set is reloaded after imports and every minute (other
 * instances may have imported).
 */
@ApplicationScoped
public class QuestionCatalog {

    private final Pool pool;
    private final Map<String, QuestionContent> versions = new ConcurrentHashMap<>();
    private volatile Map<String, List<QuestionContent>> byCategory = Map.of();
    private volatile Map<String, String> categoryNames = Map.of();

    public QuestionCatalog(Pool pool) {
        this.pool = pool;
    }

    public Map<String, List<QuestionContent>> enabledByCategory() {
        return byCategory;
    }

    public String categoryName(String code) {
        return categoryNames.get(code);
    }

    /** Every category of the bank, with or without enabled questions: code to name. */
    public Map<String, String> categoryNames() {
        return categoryNames;
    }

    public Uni<Void> reload() {
        return pool.query("select code, name from question_category").execute().invoke(rows -> {
            Map<String, String> names = new HashMap<>();
            rows.forEach(r -> names.put(r.getString("code"), r.getString("name")));
            categoryNames = Map.copyOf(names);
        }).chain(() -> pool.query("select " + QuestionContent.VERSION_COLUMNS + " from question q join question_version v "
                        + "on v.question_id = q.id and v.version = q.current_version where q.enabled order by q.id")
                .execute()
                .map(rows -> {
                    Map<String, List<QuestionContent>> map = new HashMap<>();
                    rows.forEach(r -> {
                        QuestionContent q = QuestionContent.of(r);
                        versions.putIfAbsent(q.key(), q);
                        map.computeIfAbsent(q.category(), c -> new ArrayList<>()).add(q);
                    });
                    map.replaceAll((c, l) -> List.copyOf(l));
                    byCategory = Map.copyOf(map);
                    return null;
                }));
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload();
    }

    /** The exact version an attempt showed. */
    public Uni<QuestionContent> version(String id, int version) {
        QuestionContent cached = versions.get(id + "#" + version);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return pool.preparedQuery("select " + QuestionContent.VERSION_COLUMNS
                        + " from question_version v where v.question_id = $1 and v.version = $2")
                .execute(Tuple.of(id, version))
                .map(rows -> {
                    QuestionContent q = QuestionContent.of(rows.iterator().next());
                    versions.putIfAbsent(q.key(), q);
                    return q;
                });
    }
}
