package anquanli.participant;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.PhoneProtector;
import anquanli.common.RateLimiter;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.string.ReactiveStringCommands;
import io.quarkus.redis.datasource.string.SetArgs;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;

/**
 * One-time login codes in Redis. Keys carry the phone's keyed hash, never the number. Codes are stored hashed,
 * expire, are voided after too many wrong guesses, and requests are rate-limited per phone and per client IP.
 */
@ApplicationScoped
public class OneTimeCodes {

    private final ReactiveStringCommands<String, String> strings;
    private final ReactiveKeyCommands<String> keys;
    private final SmsSender sender;
    private final SmsConfig config;
    private final PhoneProtector phones;
    private final AppClock clock;
    private final RateLimiter limiter;
    private final SecureRandom random = new SecureRandom();
    private final boolean fixedCodeAllowed;

    public OneTimeCodes(ReactiveRedisDataSource redis, SmsSender sender, SmsConfig config, PhoneProtector phones,
                        AppClock clock, RateLimiter limiter) {
        this.strings = redis.string(String.class);
        this.keys = redis.key();
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
                    return keys.del("sms:fail:" + id)
                            .chain(() -> strings.setex("sms:code:" + id, config.codeTtl().toSeconds(), sha256(code)))
                            .chain(() -> sender.send(phone, SmsMessage.loginCode(code)));
                })
                .map(x -> new Issued(config.codeTtl().toSeconds(), config.resendInterval().toSeconds()));
    }

    /** Succeeds once per issued code; a wrong code counts towards voiding it. */
    public Uni<Void> verify(String phone, String code) {
        if (fixedCodeAllowed && config.fixedCode().get().equals(code)) {
            return Uni.createFrom().voidItem();
        }
        String id = phones.lookupKey(phone);
        String codeKey = "sms:code:" + id;
        return strings.get(codeKey).chain(stored -> {
            if (stored != null && MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                    sha256(code).getBytes(StandardCharsets.US_ASCII))) {
                // Whoever deletes the code uses it: a code logs in once even when two requests race.
                return keys.del(codeKey, "sms:fail:" + id).chain(deleted -> deleted > 0
                        ? Uni.createFrom().voidItem() : Uni.createFrom().failure(invalidCode(false)));
            }
            if (stored == null) {
                return Uni.createFrom().failure(invalidCode(false));
            }
            return strings.incr("sms:fail:" + id).chain(failures -> {
                boolean exhausted = failures >= config.maxVerifyFailures();
                Uni<?> after = exhausted ? keys.del(codeKey, "sms:fail:" + id)
                        : keys.expire("sms:fail:" + id, config.codeTtl());
                return after.chain(() -> Uni.createFrom().failure(invalidCode(exhausted)));
            });
        });
    }

    private static ApiProblem invalidCode(boolean exhausted) {
        return new ApiProblem(400, "code-invalid", "Invalid code", exhausted
                ? "Too many wrong codes; request a new one"
                : "The code is wrong or has expired; request a new one");
    }

    private Uni<Void> cooldown(String id) {
        if (config.resendInterval().isZero()) {
            return Uni.createFrom().voidItem();
        }
        String key = "sms:cooldown:" + id;
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
