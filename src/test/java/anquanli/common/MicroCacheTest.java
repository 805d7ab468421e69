package anquanli.common;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicroCacheTest {

    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger computed = new AtomicInteger();

    private Uni<Integer> compute() {
        return Uni.createFrom().item(computed::incrementAndGet);
    }

    @Test
    void requestsWithinTheTtlShareOneComputation() {
        MicroCache<String, Integer> cache = new MicroCache<>(Duration.ofSeconds(1), 10, clock::get);

        int first = cache.get("top50", this::compute).await().indefinitely();
        clock.addAndGet(Duration.ofMillis(999).toNanos());
        int second = cache.get("top50", this::compute).await().indefinitely();

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(1);
        assertThat(computed).hasValue(1);
    }

    @Test
    void anExpiredAnswerIsComputedAgain() {
        MicroCache<String, Integer> cache = new MicroCache<>(Duration.ofSeconds(1), 10, clock::get);

        cache.get("top50", this::compute).await().indefinitely();
        clock.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(cache.get("top50", this::compute).await().indefinitely()).isEqualTo(2);
    }

    @Test
    void differentKeysAreDifferentAnswers() {
        MicroCache<String, Integer> cache = new MicroCache<>(Duration.ofSeconds(1), 10, clock::get);

        assertThat(cache.get("a", this::compute).await().indefinitely()).isEqualTo(1);
        assertThat(cache.get("b", this::compute).await().indefinitely()).isEqualTo(2);
    }

    @Test
    void failuresAreNotKept() {
        MicroCache<String, Integer> cache = new MicroCache<>(Duration.ofSeconds(1), 10, clock::get);

        assertThatThrownBy(() -> cache.get("k", () -> Uni.createFrom().failure(new IllegalStateException("down")))
                .await().indefinitely()).hasMessage("down");

        assertThat(cache.get("k", this::compute).await().indefinitely()).isEqualTo(1);
    }

    @Test
    void aFullCacheKeepsNothingNewButStillAnswers() {
        MicroCache<String, Integer> cache = new MicroCache<>(Duration.ofSeconds(1), 2, clock::get);
        cache.get("a", this::compute).await().indefinitely();
        cache.get("b", this::compute).await().indefinitely();

        assertThat(cache.get("c", this::compute).await().indefinitely()).isEqualTo(3);
        assertThat(cache.get("c", this::compute).await().indefinitely()).isEqualTo(4);
        assertThat(cache.size()).isEqualTo(2);

        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        cache.get("c", this::compute).await().indefinitely();
        assertThat(cache.get("c", this::compute).await().indefinitely()).isEqualTo(5);
    }

    @Test
    void aZeroTtlCachesNothing() {
        MicroCache<String, Integer> cache = new MicroCache<>(Duration.ZERO, 10, clock::get);

        cache.get("k", this::compute).await().indefinitely();

        assertThat(cache.get("k", this::compute).await().indefinitely()).isEqualTo(2);
    }
}
