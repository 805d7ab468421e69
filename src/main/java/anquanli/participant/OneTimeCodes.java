package anquanli.participant;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.LuaScript;
import anquanli.common.PhoneProtector;
import anquanli.common.RateLimiter;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.string.ReactiveStringCommands;
import io.quarkus.redis.datasource.string.SetArgs;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * One-time login codes in Redis. Keys carry the phone's keyed hash, never the number. Codes are stored hashed,
 * expire, are voided after too many wrong guesses, and requests are rate-limited per phone and per client IP.
 * A code and its count of wrong guesses are one hash key, and each guess is judged by one script: parallel guesses
 * queue in Redis, so no more than the allowed wrong guesses are ever compared with a code and a code signs in once.
 */
@ApplicationScoped
public class OneTimeCodes {

    /** KEYS[1] the code's key; ARGV[1] SHA-256 of the code, ARGV[2] its lifetime in ms. A new code voids the last. */
    private static final LuaScript STORE = new LuaScript("""
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'failures', 0)
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """);

    /**
     * KEYS[1] the code's key; ARGV[1] SHA-256 of the guess, ARGV[2] the wrong guesses that void a code. Returns
     * SIGNED_IN (the code is used up), WRONG (counted), VOIDED (wrong, and the last guess the code allowed) or NO_CODE
     * (expired, used or voided). Comparing SHA-256 digests with == leaks nothing of the code through timing.
     */
    private static final LuaScript VERIFY = new LuaScript("""
            local stored = redis.call('HGET', KEYS[1], 'hash')
            if not stored then return 3 end
            if stored == ARGV[1] then
              redis.call('DEL', KEYS[1])
              return 0
            end
            local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
            if failures >= tonumber(ARGV[2]) then
              redis.call('DEL', KEYS[1])
              return 2
            end
            return 1
            """);
    private static final int SIGNED_IN = 0;
    private static final int WRONG = 1;
    private static final int VOIDED = 2;
    private static final int NO_CODE = 3;

    private final ReactiveStringCommands<String, String> strings;
    private final ReactiveKeyCommands<String> keys;
    private final Redis redis;
    private final SmsSender sender;
    private final SmsConfig config;
    private final PhoneProtector phones;
    private final AppClock clock;
    private final RateLimiter limiter;
    private final SecureRandom random = new SecureRandom();
    private final boolean fixedCodeAllowed;

    public OneTimeCodes(ReactiveRedisDataSource redisDataSource, Redis redis, SmsSender sender, SmsConfig config,
                        PhoneProtector phones, AppClock clock, RateLimiter limiter) {
        this.strings = redisDataSource.string(String.class);
        this.keys = redisDataSource.key();
        this.redis = redis;
        this.sender = sender;
        this.config = config;
        this.phones = phones;
        this.clock = clock;
        this.limiter = limiter;
        this.fixedCodeAllowed = ConfigUtils.getProfiles().contains("test") && config.fixedCode().isPresent();
    }

    public record Issued(long expiresInSeconds, long resendAfterSeconds) {
    }

    public Uni<Issued> issue(String phone, String clientIp) {
        String id = phones.lookupKey(phone);
        String hour = clock.now().toString().substring(0, 13);
        String day = clock.today().format(DateTimeFormatter.BASIC_ISO_DATE);
        return limiter.hit("sms:ip:" + clientIp + ":" + hour, Duration.ofHours(1), config.maxPerIpPerHour(),
                "Too many codes requested from this network; try again later")
                .chain(() -> cooldown(id))
                .chain(() -> limiter.hit("sms:day:" + id + ":" + day, Duration.ofDays(1), config.maxPerPhonePerDay(),
                        "Too many codes requested for this phone today"))
                .chain(() -> {
                    String code = String.format("%06d", random.nextInt(1_000_000));
                    return STORE.run(redis, List.of(codeKey(id)),
                                    List.of(sha256(code), Long.toString(config.codeTtl().toMillis())))
                            .chain(() -> sender.send(phone, SmsMessage.loginCode(code))
                                    // Not delivered: no code to guess, and no cool-down for a message that never
                                    // came, so the phone may ask again once the gateway's Retry-After has passed.
                                    .onFailure().call(() -> keys.del(codeKey(id), cooldownKey(id))));
                })
                .map(x -> new Issued(config.codeTtl().toSeconds(), config.resendInterval().toSeconds()));
    }

    /** Succeeds once per issued code; a wrong code counts towards voiding it. */
    public Uni<Void> verify(String phone, String code) {
        if (fixedCodeAllowed && config.fixedCode().get().equals(code)) {
            return Uni.createFrom().voidItem();
        }
        return VERIFY.run(redis, List.of(codeKey(phones.lookupKey(phone))),
                        List.of(sha256(code), Integer.toString(config.maxVerifyFailures())))
                .chain(r -> switch (r.toInteger()) {
                    case SIGNED_IN -> Uni.createFrom().voidItem();
                    case WRONG -> Uni.createFrom().failure(invalidCode("The code is wrong"));
                    case VOIDED -> Uni.createFrom().failure(invalidCode("Too many wrong codes; request a new one"));
                    case NO_CODE -> Uni.createFrom().failure(invalidCode(
                            "No valid code for this phone: it has expired, been used or been voided; request a new one"));
                    default -> throw new IllegalStateException("Unexpected answer of the code check: " + r);
                });
    }

    private static String codeKey(String phoneKey) {
        return "sms:otp:" + phoneKey;
    }

    private static String cooldownKey(String phoneKey) {
        return "sms:cooldown:" + phoneKey;
    }

    private static ApiProblem invalidCode(String detail) {
        return new ApiProblem(400, "code-invalid", "Invalid code", detail);
    }

    private Uni<Void> cooldown(String id) {
        if (config.resendInterval().isZero()) {
            return Uni.createFrom().voidItem();
        }
        String key = cooldownKey(id);
        return strings.setGet(key, "1", new SetArgs().nx().ex(config.resendInterval()))
                .chain(previous -> previous == null ? Uni.createFrom().voidItem()
                        : keys.ttl(key).chain(ttl -> Uni.createFrom().failure(RateLimiter.tooMany(
                        "A code was sent to this phone moments ago", Math.max(1, ttl)))));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
