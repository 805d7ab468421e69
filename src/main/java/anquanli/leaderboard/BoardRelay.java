package anquanli.leaderboard;

import anquanli.common.Outages;
import anquanli.quiz.AttemptFinished;
import anquanli.quiz.AttemptFinishedListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Applies the boards' outbox to Redis. A pass takes the oldest entries (FOR UPDATE SKIP LOCKED: instances relay side by
 * side without taking the same entries), runs the update script for each in one pipeline and deletes the applied ones
 * in the same transaction. The script applies an entry at most once (it records applied ids), so an instance that dies
 * after Redis and before its commit leaves entries that the next pass finds applied; while a rebuild runs the script
 * applies nothing and the entries wait.
 * <p>
 * A pass runs every {@code relay-interval}: one pass applies all that closed meanwhile, so at peak a pass is a few
 * hundred entries in one pipeline. With {@code relay-wait} above zero a closing also asks for a pass at once and waits
 * for it (at most that long), so the participant's own ranks include the attempt just finished; the benchmark showed
 * what that costs at peak — a pass per closing, each scanning the outbox, doubled PostgreSQL's CPU per answer at
 * 3,000 answers/s — so production leaves it at zero and the boards follow within the interval. Redis away: the
 * entries wait in PostgreSQL, the failure is logged once for the outage, and the next pass after Redis is back
 * applies them.
 */
@ApplicationScoped
public class BoardRelay implements AttemptFinishedListener {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BoardRelay.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final Redis redis;
    private final BoardScript script;
    private final Outages outages;
    private final Vertx vertx;
    private final Duration interval;
    private final Duration wait;
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean running;
    private long timer = -1;
    private io.vertx.core.Context context;

    public BoardRelay(Pool pool, Redis redis, BoardScript script, Outages outages, Vertx vertx,
                      @ConfigProperty(name = "anquanli.leaderboard.relay-interval") Duration interval,
                      @ConfigProperty(name = "anquanli.leaderboard.relay-wait") Duration wait) {
        this.pool = pool;
        this.redis = redis;
        this.script = script;
        this.outages = outages;
        this.vertx = vertx;
        this.interval = interval;
        this.wait = wait;
    }

    void start(@Observes StartupEvent event) {
        context = vertx.getDelegate().getOrCreateContext();
        timer = vertx.setPeriodic(interval.toMillis(), id -> relay());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    @Override
    public Uni<Void> onAttemptFinished(AttemptFinished finished) {
        if (wait.isZero()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(relay()).ifNoItem().after(wait).recoverWithItem((Void) null)
                .replaceWithVoid();
    }

    /** Asks for a pass; completes when a pass that started after the call has ended (whatever its outcome). */
    public CompletableFuture<Void> relay() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean start;
        synchronized (this) {
            waiting.add(done);
            start = !running && context != null;
            running |= start;
        }
        if (start) {
            context.runOnContext(v -> pass());
        }
        return done;
    }

    private void pass() {
        List<CompletableFuture<Void>> mine;
        synchronized (this) {
            mine = new ArrayList<>(waiting);
            waiting.clear();
        }
        drain().subscribe().with(n -> finish(mine), e -> finish(mine));
    }

    private void finish(List<CompletableFuture<Void>> mine) {
        mine.forEach(f -> f.complete(null));
        boolean again;
        synchronized (this) {
            again = !waiting.isEmpty();
            running = again;
        }
        if (again) {
            pass();
        }
    }

    /** Passes until the outbox is empty (or nothing more can be applied now); the number of entries applied. */
    public Uni<Integer> drain() {
        return once().chain(n -> n == BATCH ? drain().map(m -> n + m) : Uni.createFrom().item(n))
                .invoke(n -> {
                    outages.recovered(Outages.Dependency.DATABASE);
                    outages.recovered(Outages.Dependency.REDIS);
                })
                .onFailure().invoke(e -> {
                    if (!outages.failed(e, "board updates wait in the outbox")) {
                        LOG.errorf(e, "Relaying board updates failed; they wait in the outbox");
                    }
                });
    }

    private Uni<Integer> once() {
        return pool.withTransaction(tx -> tx.preparedQuery("select id, campaign_id, keys, args from board_outbox "
                        + "order by id limit $1 for update skip locked").execute(Tuple.of(BATCH))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Long> ids = new ArrayList<>();
                    List<List<String>> keys = new ArrayList<>();
                    List<List<String>> args = new ArrayList<>();
                    String now = Long.toString(System.currentTimeMillis());
                    for (Row r : rows) {
                        long id = r.getLong("id");
                        ids.add(id);
                        keys.add(Arrays.asList(r.getArrayOfStrings("keys")));
                        List<String> a = new ArrayList<>();
                        a.add(Long.toString(id));
                        a.add(now);
                        a.addAll(Arrays.asList(r.getArrayOfStrings("args")));
                        args.add(a);
                    }
                    return script.runAll(keys, args).chain(results -> delete(tx, ids, results));
                }));
    }

    /** Deletes the entries the script applied (now or before); those refused during a rebuild stay. */
    private Uni<Integer> delete(SqlConnection tx, List<Long> ids, List<Response> results) {
        List<Long> applied = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (results.get(i).toInteger() != 0) {
                applied.add(ids.get(i));
            }
        }
        if (applied.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return tx.preparedQuery("delete from board_outbox where id = any($1)")
                .execute(Tuple.of(applied.toArray(Long[]::new)))
                .map(x -> applied.size() == ids.size() ? ids.size() : 0);
    }

    /** Forgets applied ids older than an hour: their entries were deleted long since. */
    @io.quarkus.scheduler.Scheduled(every = "10m", delayed = "1m",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forget() {
        long before = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        return pool.query("select id from campaign where status <> 'DRAFT'").execute()
                .chain(rows -> {
                    List<Request> batch = new ArrayList<>();
                    rows.forEach(r -> batch.add(Request.cmd(io.vertx.mutiny.redis.client.Command.ZREMRANGEBYSCORE)
                            .arg(BoardKeys.applied(r.getLong("id"))).arg("-inf").arg(Long.toString(before))));
                    return batch.isEmpty() ? Uni.createFrom().voidItem() : redis.batch(batch).replaceWithVoid();
                })
                .onFailure().invoke(e -> {
                    if (!outages.failed(e, "applied board entries are not trimmed")) {
                        LOG.errorf(e, "Trimming applied board entries failed");
                    }
                })
                .onFailure().recoverWithNull();
    }
}
