package anquanli.participant;

import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A full cache makes room for the tokens of people playing now instead of refusing them. */
class VerifiedTokenCacheEvictionTest {

    private static QuarkusSecurityIdentity identity(long participantId) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(Long.toString(participantId)))
                .addRole(Tokens.PARTICIPANT_ROLE).build();
    }

    private static long inAnHour() {
        return System.currentTimeMillis() + 3_600_000;
    }

    @Test
    void aFullCacheStillRemembersNewTokensAndStaysWithinItsSize() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        for (int i = 0; i < 1_000; i++) {
            cache.remember("token-" + i, identity(i), inAnHour());
        }

        assertThat(cache.size()).isLessThanOrEqualTo(100);
        // The newest token is served although the cache was full long before it came.
        assertThat(cache.find("token-999")).isNotNull();
        assertThat(cache.find("token-999").getPrincipal().getName()).isEqualTo("999");
    }

    @Test
    void tokensInUseOutlastOneOffTokensWhenTheCacheIsFull() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            cache.remember("playing-" + i, identity(i), inAnHour());
        }
        // Players keep coming back with their tokens while a flood of one-off tokens passes through.
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 50; i++) {
                cache.find("playing-" + i);
            }
            for (int i = 0; i < 100; i++) {
                cache.remember("once-" + round + "-" + i, identity(10_000 + i), inAnHour());
            }
        }

        long kept = java.util.stream.IntStream.range(0, 50).filter(i -> cache.find("playing-" + i) != null).count();
        assertThat(kept).as("tokens of players still playing").isGreaterThanOrEqualTo(45);
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void anEntryNeverOutlivesItsTtlOrTheToken() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        cache.remember("expired", identity(1), System.currentTimeMillis() - 1);
        cache.remember("no-ttl", identity(2), inAnHour());
        VerifiedTokenCache noTtl = new VerifiedTokenCache(100, Duration.ZERO);
        noTtl.remember("no-ttl", identity(2), inAnHour());

        assertThat(cache.find("expired")).isNull();
        assertThat(cache.find("no-ttl")).isNotNull();
        assertThat(noTtl.find("no-ttl")).isNull();
    }

    @Test
    void sizeZeroRemembersNothing() {
        VerifiedTokenCache cache = new VerifiedTokenCache(0, Duration.ofMinutes(5));
        cache.remember("token", identity(1), inAnHour());

        assertThat(cache.find("token")).isNull();
    }
}
