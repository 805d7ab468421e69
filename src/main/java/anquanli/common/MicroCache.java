package anquanli.common;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers that may be a moment old, shared by everyone asking within {@code ttl}: one computation serves all the
 * requests that arrive meanwhile (including those arriving while it runs). Failures are not kept. At most
 * {@code maxEntries} keys; beyond that, expired ones are dropped first and, if still full, nothing new is kept.
 */
public final class MicroCache<K, V> {

    private record Entry<V>(long createdNanos, Uni<V> value) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;

    public MicroCache(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    MicroCache(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    public Uni<V> get(K key, Supplier<Uni<V>> compute) {
        if (ttlNanos <= 0) {
            return compute.get();
        }
        long now = nanoTime.getAsLong();
        Entry<V> e = entries.get(key);
        if (e != null && now - e.createdNanos() < ttlNanos) {
            return e.value();
        }
        Uni<V> value = Uni.createFrom().<V>deferred(compute::get).memoize().indefinitely();
        Entry<V> fresh = new Entry<>(now, value);
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(x -> now - x.createdNanos() >= ttlNanos);
        }
        if (entries.size() < maxEntries || entries.containsKey(key)) {
            entries.put(key, fresh);
        }
        return value.onFailure().invoke(() -> entries.remove(key, fresh));
    }

    int size() {
        return entries.size();
    }
}
