package anquanli.common;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementBatcherTest {

    /** A database stand-in whose statements finish only when the test says so. */
    private static final class HeldStatements {
        record Statement(List<String> items, UniEmitter<? super List<String>> done) {
        }

        final List<Statement> started = new CopyOnWriteArrayList<>();

        Uni<List<String>> run(List<String> items) {
            return Uni.createFrom().emitter(e -> started.add(new Statement(List.copyOf(items), e)));
        }

        void finish(int i) {
            Statement s = started.get(i);
            s.done().complete(s.items().stream().map(x -> x + "!").toList());
        }
    }

    /** Items are "key:payload"; the key is what may not run twice at once. */
    private static Object keyOf(String item) {
        return item.substring(0, item.indexOf(':'));
    }

    @Test
    void aLoneItemIsSentAtOnce() {
        HeldStatements db = new HeldStatements();
        StatementBatcher<String, String> batcher = new StatementBatcher<>(db::run, null, 16, 1, 100);

        var result = batcher.submit("a:1").subscribe().asCompletionStage();

        assertThat(db.started).hasSize(1);
        assertThat(db.started.get(0).items()).containsExactly("a:1");
        db.finish(0);
        assertThat(result).isCompletedWithValue("a:1!");
    }

    @Test
    void itemsArrivingWhileAStatementRunsLeaveTogetherInArrivalOrderUpToTheBatchSize() {
        HeldStatements db = new HeldStatements();
        StatementBatcher<String, String> batcher = new StatementBatcher<>(db::run, null, 3, 1, 100);
        List<java.util.concurrent.CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(batcher.submit("k" + i + ":" + i).subscribe().asCompletionStage().toCompletableFuture());
        }

        assertThat(db.started).hasSize(1);
        assertThat(batcher.queued()).isEqualTo(5);
        db.finish(0);
        assertThat(db.started).hasSize(2);
        assertThat(db.started.get(1).items()).containsExactly("k1:1", "k2:2", "k3:3");
        db.finish(1);
        assertThat(db.started.get(2).items()).containsExactly("k4:4", "k5:5");
        db.finish(2);

        for (int i = 0; i < 6; i++) {
            assertThat(results.get(i)).isCompletedWithValue("k" + i + ":" + i + "!");
        }
        assertThat(batcher.queued()).isZero();
    }

    @Test
    void itemsWithTheSameKeyNeverRunTogetherNorTwiceInOneStatement() {
        HeldStatements db = new HeldStatements();
        StatementBatcher<String, String> batcher = new StatementBatcher<>(db::run, StatementBatcherTest::keyOf,
                10, 2, 100);

        batcher.submit("a:1").subscribe().asCompletionStage();
        batcher.submit("a:2").subscribe().asCompletionStage();
        batcher.submit("b:1").subscribe().asCompletionStage();
        batcher.submit("a:3").subscribe().asCompletionStage();

        // Two slots: the first statement carries a:1; the second b:1 only, since a is on its way.
        assertThat(db.started).hasSize(2);
        assertThat(db.started.get(0).items()).containsExactly("a:1");
        assertThat(db.started.get(1).items()).containsExactly("b:1");
        db.finish(0);
        // a's next item may go now, but only one of a's two waiting items.
        assertThat(db.started.get(2).items()).containsExactly("a:2");
        db.finish(2);
        assertThat(db.started.get(3).items()).containsExactly("a:3");
    }

    @Test
    void aFailedStatementFailsItsItemsOnlyAndTheNextOnesStillRun() {
        AtomicInteger calls = new AtomicInteger();
        List<UniEmitter<? super List<String>>> held = new ArrayList<>();
        StatementBatcher<String, String> batcher = new StatementBatcher<>(items -> {
            if (calls.incrementAndGet() == 1) {
                return Uni.createFrom().emitter(held::add);
            }
            return Uni.createFrom().item(items.stream().map(x -> x + "!").toList());
        }, null, 10, 1, 100);

        var first = batcher.submit("a:1").subscribe().asCompletionStage();
        var second = batcher.submit("b:1").subscribe().asCompletionStage();
        held.get(0).fail(new IllegalStateException("connection lost"));

        assertThat(first).isCompletedExceptionally();
        assertThatThrownBy(first::join).hasRootCauseMessage("connection lost");
        assertThat(second).isCompletedWithValue("b:1!");
    }

    @Test
    void aStatementReturningTheWrongNumberOfResultsFailsItsItems() {
        StatementBatcher<String, String> batcher = new StatementBatcher<>(
                items -> Uni.createFrom().item(List.of()), null, 10, 1, 100);

        assertThatThrownBy(() -> batcher.submit("a:1").await().indefinitely())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned 0 results");
    }

    @Test
    void beyondTheQueueLimitItemsAreRefusedAsBusyNotHeld() {
        HeldStatements db = new HeldStatements();
        StatementBatcher<String, String> batcher = new StatementBatcher<>(db::run, null, 10, 1, 2);

        batcher.submit("a:1").subscribe().asCompletionStage();
        batcher.submit("b:1").subscribe().asCompletionStage();
        batcher.submit("c:1").subscribe().asCompletionStage();
        var refused = batcher.submit("d:1").subscribe().asCompletionStage();

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused.toCompletableFuture()::join).hasCauseInstanceOf(ConnectionPoolTooBusyException.class);
        db.finish(0);
        assertThat(db.started.get(1).items()).containsExactly("b:1", "c:1");
    }

    @Test
    void manyThreadsEachGetTheirOwnResultAndNeitherLimitIsEverExceeded() throws Exception {
        int threads = 8;
        int perThread = 500;
        int maxInFlight = 2;
        int maxBatch = 16;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        Set<Object> keysRunning = ConcurrentHashMap.newKeySet();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        ExecutorService database = Executors.newFixedThreadPool(4);
        StatementBatcher<String, String> batcher = new StatementBatcher<>(items -> Uni.createFrom().item(() -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (items.size() > maxBatch) {
                violations.add("batch of " + items.size());
            }
            Set<Object> keys = new HashSet<>();
            for (String item : items) {
                if (!keys.add(keyOf(item)) || !keysRunning.add(keyOf(item))) {
                    violations.add("key " + keyOf(item) + " twice at once");
                }
            }
            Thread.onSpinWait();
            keys.forEach(keysRunning::remove);
            running.decrementAndGet();
            return items.stream().map(x -> x + "!").toList();
        }).runSubscriptionOn(database), StatementBatcherTest::keyOf, maxBatch, maxInFlight, 100_000);

        ExecutorService clients = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<String, String>>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(clients.submit(() -> {
                go.await();
                Map<String, String> got = new java.util.HashMap<>();
                List<java.util.concurrent.CompletableFuture<String>> pending = new ArrayList<>();
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    // 20 keys shared by all threads, so the same key is often waiting in several places.
                    String item = "k" + (i % 20) + ":" + thread + "-" + i;
                    sent.add(item);
                    pending.add(batcher.submit(item).subscribe().asCompletionStage().toCompletableFuture());
                }
                for (int i = 0; i < sent.size(); i++) {
                    got.put(sent.get(i), pending.get(i).get(30, TimeUnit.SECONDS));
                }
                return got;
            }));
        }
        go.countDown();
        int results = 0;
        for (Future<Map<String, String>> f : done) {
            for (Map.Entry<String, String> e : f.get(60, TimeUnit.SECONDS).entrySet()) {
                assertThat(e.getValue()).isEqualTo(e.getKey() + "!");
                results++;
            }
        }
        clients.shutdown();
        database.shutdown();

        assertThat(results).isEqualTo(threads * perThread);
        assertThat(violations).isEmpty();
        assertThat(mostRunning.get()).isLessThanOrEqualTo(maxInFlight);
        assertThat(batcher.queued()).isZero();
    }
}
