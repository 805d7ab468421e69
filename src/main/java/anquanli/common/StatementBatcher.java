package anquanli.common;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs many requests' single-row statements as one statement over all of them ("group commit"). At peak the answer
 * loop sends thousands of tiny statements a second; PostgreSQL's cost per statement (a round trip, planning, a
 * snapshot, a commit with its WAL flush) is several times its cost per row, so sixteen answers written by one
 * statement cost far less than sixteen statements. Each request is still acknowledged only after the statement
 * that carries it has committed.
 * <p>
 * Nothing waits for a batch to fill: an item is sent at once when fewer than {@code maxInFlight} statements are
 * running, so a quiet service adds no latency. Items arriving while every slot is busy queue up and leave together
 * (at most {@code maxBatch} per statement) as soon as a slot frees.
 * <p>
 * Items with the same key (for example the same attempt) never travel in two statements at once, nor twice in one,
 * so a statement's row locks can never wait on another batch of this batcher: no deadlock, and each row is changed
 * by one input row only. More than {@code maxQueued} waiting items means the database cannot keep up: new items are
 * refused as "service busy" instead of piling up in memory.
 * <p>
 * Results are handed back on the Vert.x context each request came from.
 */
public final class StatementBatcher<I, O> {

    /** Runs one statement for {@code items}; the result list is in the same order (null where nothing matched). */
    @FunctionalInterface
    public interface Flush<I, O> {
        Uni<List<O>> run(List<I> items);
    }

    private record Pending<I, O>(I item, Object key, UniEmitter<? super O> emitter, Context context) {
    }

    private final Flush<I, O> flush;
    private final Function<I, Object> key;
    private final int maxBatch;
    private final int maxInFlight;
    private final int maxQueued;
    private final IntConsumer onBatch;

    private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
    private final Set<Object> busyKeys = new HashSet<>();
    private int inFlight;

    /** {@code key} may be null when items never conflict (reads). */
    public StatementBatcher(Flush<I, O> flush, Function<I, Object> key, int maxBatch, int maxInFlight, int maxQueued) {
        this(flush, key, maxBatch, maxInFlight, maxQueued, size -> {
        });
    }

    /** {@code onBatch} is told the size of every statement sent (for metrics). */
    public StatementBatcher(Flush<I, O> flush, Function<I, Object> key, int maxBatch, int maxInFlight, int maxQueued,
                            IntConsumer onBatch) {
        if (maxBatch < 1 || maxInFlight < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("batch size, statements in flight and queue must be positive");
        }
        this.flush = flush;
        this.key = key;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.onBatch = onBatch;
    }

    public Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> {
            Pending<I, O> pending = new Pending<>(item, key == null ? null : key.apply(item), emitter,
                    Vertx.currentContext());
            synchronized (this) {
                if (queue.size() >= maxQueued) {
                    emitter.fail(new ConnectionPoolTooBusyException("More than " + maxQueued
                            + " statements waiting to be batched"));
                    return;
                }
                queue.add(pending);
            }
            drain();
        });
    }

    /** Sends batches while there are free slots and sendable items. */
    private void drain() {
        while (true) {
            List<Pending<I, O>> batch;
            synchronized (this) {
                if (inFlight >= maxInFlight || queue.isEmpty()) {
                    return;
                }
                batch = take();
                if (batch.isEmpty()) {
                    return;
                }
                inFlight++;
            }
            send(batch);
        }
    }

    /** Up to maxBatch queued items, oldest first, skipping those whose key is already on its way. */
    private List<Pending<I, O>> take() {
        List<Pending<I, O>> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        Iterator<Pending<I, O>> it = queue.iterator();
        while (it.hasNext() && batch.size() < maxBatch) {
            Pending<I, O> p = it.next();
            if (p.key() != null && !busyKeys.add(p.key())) {
                continue;
            }
            it.remove();
            batch.add(p);
        }
        return batch;
    }

    private void send(List<Pending<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        batch.forEach(p -> items.add(p.item()));
        onBatch.accept(items.size());
        Uni<List<O>> run;
        try {
            run = flush.run(items);
        } catch (RuntimeException e) {
            run = Uni.createFrom().failure(e);
        }
        run.subscribe().with(results -> {
            release(batch);
            if (results == null || results.size() != batch.size()) {
                IllegalStateException wrong = new IllegalStateException("A batch of " + batch.size()
                        + " items returned " + (results == null ? "nothing" : results.size() + " results"));
                batch.forEach(p -> deliver(p, null, wrong));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                deliver(batch.get(i), results.get(i), null);
            }
        }, failure -> {
            release(batch);
            batch.forEach(p -> deliver(p, null, failure));
        });
    }

    private void release(List<Pending<I, O>> batch) {
        synchronized (this) {
            inFlight--;
            batch.forEach(p -> {
                if (p.key() != null) {
                    busyKeys.remove(p.key());
                }
            });
        }
        drain();
    }

    private static <O> void deliver(Pending<?, O> p, O result, Throwable failure) {
        Runnable complete = failure == null ? () -> p.emitter().complete(result) : () -> p.emitter().fail(failure);
        if (p.context() == null || p.context() == Vertx.currentContext()) {
            complete.run();
        } else {
            p.context().runOnContext(v -> complete.run());
        }
    }

    /** Items waiting for a free slot (for tests and metrics). */
    public synchronized int queued() {
        return queue.size();
    }
}
