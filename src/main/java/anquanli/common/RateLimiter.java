package anquanli.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Fixed-window request limits in Redis, for everything the service limits per phone, participant or client address.
 * Counting and arming the window's expiry are one script call, so a burst of parallel requests can neither skip the
 * expiry (a counter that never resets) nor get past the limit between two round trips.
 */
@ApplicationScoped
public class RateLimiter {

    /** KEYS[1] the counter; ARGV[1] the window in ms. Returns {count, ms until the window ends}. */
    private static final LuaScript HIT = new LuaScript("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {n, ttl}
            """);

    private final Redis redis;

    public RateLimiter(Redis redis) {
        this.redis = redis;
    }

    /**
     * Counts one request against {@code key}; the {@code max + 1}-th within {@code window} and every one after it until
     * the window ends fail with 429 too-many-requests, carrying the seconds to wait.
     */
    public Uni<Void> hit(String key, Duration window, int max, String detail) {
        return HIT.run(redis, List.of(key), List.of(Long.toString(window.toMillis()))).chain(r -> {
            long count = r.get(0).toLong();
            long ttlMillis = r.get(1).toLong();
            return count > max ? Uni.createFrom().failure(tooMany(detail, Math.max(1, (ttlMillis + 999) / 1000)))
                    : Uni.createFrom().voidItem();
        });
    }

    public static ApiProblem tooMany(String detail, long retryAfterSeconds) {
        return new ApiProblem(429, "too-many-requests", "Too many requests", detail,
                Map.of("retryAfter", retryAfterSeconds));
    }
}
