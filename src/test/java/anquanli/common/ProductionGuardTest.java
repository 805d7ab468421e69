package anquanli.common;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductionGuardTest {

    private static final String REAL_KEY = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGho=";
    private static final String REAL_HASH_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String REAL_SIGN_KEY = "/run/secrets/jwt-private.pem";
    private static final String REAL_PUBLIC_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAreal";

    private static List<String> shippedInUse(Map<String, String> ring, String hashKey) {
        return ProductionGuard.shippedSecretsInUse(ring, Map.of("q1", REAL_KEY), hashKey, REAL_SIGN_KEY,
                REAL_PUBLIC_KEY);
    }

    @Test
    void ownKeysAreAccepted() {
        assertThat(shippedInUse(Map.of("k1", REAL_KEY), REAL_HASH_KEY)).isEmpty();
    }

    @Test
    void everyShippedKeyInTheRingIsRefusedUnderAnyId() {
        for (String shipped : ProductionGuard.SHIPPED_KEYS) {
            assertThat(shippedInUse(Map.of("k1", REAL_KEY, "old", shipped), REAL_HASH_KEY)).as(shipped)
                    .containsExactly("anquanli.crypto.field-keys.old");
        }
    }

    @Test
    void aShippedCodeKeyIsRefused() {
        assertThat(ProductionGuard.shippedSecretsInUse(Map.of("k1", REAL_KEY),
                Map.of("q1", "xbRENLUBZ5CgHbtj0ZEK1lS9y/3gnFpXir3FY2na/Xk="), REAL_HASH_KEY, REAL_SIGN_KEY,
                REAL_PUBLIC_KEY)).containsExactly("anquanli.crypto.code-keys.q1");
    }

    @Test
    void theShippedPhoneHashKeyIsRefused() {
        assertThat(shippedInUse(Map.of("k1", REAL_KEY), "P6IZe6ZOdbkQv8g7fyi6mKgLFqrHWsed/AGgAoWJ6EY="))
                .containsExactly("anquanli.crypto.phone-hash-key");
    }

    @Test
    void aShippedKeyWrittenWithoutPaddingIsStillRefused() {
        assertThat(shippedInUse(Map.of("k1", "keDe4CU173V6ys9ETRR/BaqpvhAGVwy+JsGdXjfGsx0"), REAL_HASH_KEY))
                .containsExactly("anquanli.crypto.field-keys.k1");
    }

    @Test
    void theDevTokenKeysAreRefused() throws Exception {
        String devPublicKey;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev-keys/jwt-public.pem")) {
            devPublicKey = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "");
        }

        assertThat(ProductionGuard.shippedSecretsInUse(Map.of("k1", REAL_KEY), Map.of("q1", REAL_KEY), REAL_HASH_KEY,
                "dev-keys/jwt-private.pem", devPublicKey))
                .containsExactly("smallrye.jwt.sign.key.location", "quarkus.oidc.participant.public-key");
    }

    /** A dev key added to application.properties without being listed in SHIPPED_KEYS would pass the guard. */
    @Test
    void everyKeyInApplicationPropertiesIsKnownAsShipped() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        Map<String, String> keys = new TreeMap<>();
        properties.stringPropertyNames().stream()
                .filter(name -> name.contains("anquanli.crypto.field-keys.")
                        || name.contains("anquanli.crypto.code-keys.")
                        || name.endsWith("anquanli.crypto.phone-hash-key"))
                .forEach(name -> keys.put(name, properties.getProperty(name)));

        assertThat(keys).hasSizeGreaterThanOrEqualTo(6);
        keys.forEach((name, key) -> assertThat(ProductionGuard.SHIPPED_KEYS).as(name).contains(key.trim()));
    }

    @Test
    void theLoggingSmsSenderIsRefused() {
        for (String logging : List.of("logging", "LOGGING", " logging ")) {
            assertThatThrownBy(() -> ProductionGuard.requireRealSmsProvider(logging)).as(logging)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("anquanli.sms.provider");
        }
        ProductionGuard.requireRealSmsProvider("aliyun");
    }

    /** A deployment that sets nothing gets the real gateway (and stops at start until its keys are set). */
    @Test
    void onlyDevAndTestDefaultToTheLoggingSmsSender() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        assertThat(properties.getProperty("anquanli.sms.provider")).isEqualTo("aliyun");
        assertThat(properties.stringPropertyNames()).filteredOn(n -> n.endsWith("anquanli.sms.provider"))
                .containsExactlyInAnyOrder("anquanli.sms.provider", "%dev,test.anquanli.sms.provider");
    }
}
