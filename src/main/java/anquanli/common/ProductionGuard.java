package anquanli.common;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Refuses to run in production with the secrets that ship in the repository for dev and test: anyone could open
 * the sealed fields with them, or reverse every phone hash by hashing all mobile numbers. Nor with the dev SMS sender,
 * which delivers no login code (and in dev writes it to the log).
 */
@ApplicationScoped
public class ProductionGuard {

    /**
     * Every key application.properties ships (the field-key ring, the code-key ring and the phone hash key), base64 as written there.
     * ProductionGuardTest fails when the file gains a key this list lacks.
     */
    static final Set<String> SHIPPED_KEYS = Set.of(
            "cqzGiVTAmaqW3bbF0Yf24JeadmFFfOQ7EAufJA2s2d8=",
            "o5Ud8/LjOvFZb9LCegeIMwHAlSPvvnH5845JYRUNfwU=",
            "keDe4CU173V6ys9ETRR/BaqpvhAGVwy+JsGdXjfGsx0=",
            "P6IZe6ZOdbkQv8g7fyi6mKgLFqrHWsed/AGgAoWJ6EY=",
            "xbRENLUBZ5CgHbtj0ZEK1lS9y/3gnFpXir3FY2na/Xk=",
            "b3BBgilpjSIim8zpVwZ7rKlaRVMGn/nlLo3eaGapBe8=");

    void check(@Observes @Priority(1) StartupEvent event, CryptoConfig crypto,
               @ConfigProperty(name = "smallrye.jwt.sign.key.location") String signKey,
               @ConfigProperty(name = "quarkus.oidc.participant.public-key") String participantKey,
               @ConfigProperty(name = "anquanli.sms.provider") String smsProvider) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> shipped = shippedSecretsInUse(crypto.fieldKeys(), crypto.codeKeys(), crypto.phoneHashKey(),
                signKey, participantKey);
        if (!shipped.isEmpty()) {
            throw new IllegalStateException("Production needs its own keys; these hold the repository's dev values: "
                    + String.join(", ", shipped));
        }
        requireRealSmsProvider(smsProvider);
    }

    /** The provider named by anquanli.sms.provider (read by name: common sits below participant, which owns it). */
    static void requireRealSmsProvider(String smsProvider) {
        if (smsProvider.strip().equalsIgnoreCase("logging")) {
            throw new IllegalStateException("Production needs an SMS gateway: anquanli.sms.provider=logging sends no "
                    + "login code to anyone; set anquanli.sms.provider=aliyun and anquanli.sms.aliyun.*");
        }
    }

    /** The settings (by property name) that hold a secret shipped in the repository; empty when none does. */
    static List<String> shippedSecretsInUse(Map<String, String> fieldKeys, Map<String, String> codeKeys,
                                            String phoneHashKey, String signKeyLocation, String participantPublicKey) {
        List<String> shipped = new ArrayList<>();
        new TreeMap<>(fieldKeys).forEach((id, key) -> {
            if (isShippedKey(key)) {
                shipped.add("anquanli.crypto.field-keys." + id);
            }
        });
        new TreeMap<>(codeKeys).forEach((id, key) -> {
            if (isShippedKey(key)) {
                shipped.add("anquanli.crypto.code-keys." + id);
            }
        });
        if (isShippedKey(phoneHashKey)) {
            shipped.add("anquanli.crypto.phone-hash-key");
        }
        if (signKeyLocation.startsWith("dev-keys/")) {
            shipped.add("smallrye.jwt.sign.key.location");
        }
        if (participantPublicKey.replaceAll("\\s", "").equals(devPublicKey())) {
            shipped.add("quarkus.oidc.participant.public-key");
        }
        return shipped;
    }

    /** Compares key bytes, not text: the same key written without padding is still the shipped key. */
    private static boolean isShippedKey(String base64) {
        try {
            return SHIPPED_KEYS.contains(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(base64.trim())));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** The repository's dev public key (base64 body), which production must not accept tokens for. */
    private static String devPublicKey() {
        try (var in = ProductionGuard.class.getClassLoader().getResourceAsStream("dev-keys/jwt-public.pem")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
