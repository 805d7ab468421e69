package anquanli.common;

import anquanli.AdminTokens;
import anquanli.Jwts;
import anquanli.OidcProviderResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak rotates its signing keys: a token signed with a new key is accepted at once (the service fetches the
 * realm's keys again on an unknown kid), while tokens naming unknown keys cannot make it fetch them more than once per
 * quarkus.oidc.token.forced-jwk-refresh-interval. Runs on an application of its own, so no other test has just used
 * up the refresh.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.FreshApplication.class)
class KeyRotationTest {

    /** The production settings; a profile of its own only for a fresh start. */
    public static class FreshApplication implements QuarkusTestProfile {
    }

    private static final String JWKS = OidcProviderResource.JWKS_PATH;

    @AfterEach
    void realmKeysAgain() {
        OidcProviderResource.restoreKeys();
    }

    @Test
    void aRotatedKeyIsAcceptedAtOnceAndUnknownKeysCannotHammerKeycloak() throws Exception {
        RSAPublicKey realmKey = (RSAPublicKey) Jwts.publicKey(AdminTokens.PUBLIC_KEY);
        KeyPair rotated = rsa();
        meAs(AdminTokens.national()).isEqualTo(200); // the tenant holds the realm's keys from here on
        OidcProviderResource.forgetRequests();

        // Keycloak publishes the new key next to the old one and signs new tokens with it.
        OidcProviderResource.publishKeys(keys("anquanli-test-key", realmKey, "rotated-1", rotated));
        long refreshed = System.nanoTime();
        meAs(signed("rotated-1", rotated)).isEqualTo(200);
        meAs(AdminTokens.national()).isEqualTo(200);
        assertThat(OidcProviderResource.requests(JWKS)).as("key set fetches after the rotation").isEqualTo(1);

        // Tokens naming keys nobody published: refused, and no further fetch.
        KeyPair stranger = rsa();
        for (int i = 0; i < 40; i++) {
            meAs(signed("kid-" + UUID.randomUUID(), stranger)).isEqualTo(401);
        }
        assertThat(OidcProviderResource.requests(JWKS)).as("key set fetches after 40 unknown kids").isEqualTo(1);
        assertThat(OidcProviderResource.requests(OidcProviderResource.INTROSPECTION_PATH)).isZero();

        // A second rotation right away waits for the interval (10 s), no longer: then the next token fetches again.
        KeyPair again = rsa();
        OidcProviderResource.publishKeys(keys("rotated-1", (RSAPublicKey) rotated.getPublic(), "rotated-2", again));
        String newest = signed("rotated-2", again);
        int status = 401;
        while (status != 200 && System.nanoTime() - refreshed < 30_000_000_000L) {
            status = api().header("Authorization", "Bearer " + newest).when().get("/api/v1/admin/me").statusCode();
            if (status != 200) {
                Thread.sleep(500);
            }
        }
        double seconds = (System.nanoTime() - refreshed) / 1e9;
        assertThat(status).as("the newest key after %.1f s", seconds).isEqualTo(200);
        assertThat(seconds).as("seconds until the newest key was fetched").isBetween(9.0, 15.0);
        assertThat(OidcProviderResource.requests(JWKS)).isEqualTo(2);
        meAs(signed("rotated-1", rotated)).isEqualTo(200);
    }

    private static org.assertj.core.api.AbstractIntegerAssert<?> meAs(String token) {
        return assertThat(api().header("Authorization", "Bearer " + token).when().get("/api/v1/admin/me")
                .statusCode());
    }

    private static String signed(String kid, KeyPair key) {
        return Jwts.rs256(Jwts.header("RS256", kid),
                AdminTokens.claims("nation", List.of("national-admin"), null), key.getPrivate());
    }

    private static Map<String, RSAPublicKey> keys(String kid1, RSAPublicKey key1, String kid2, KeyPair key2) {
        return keys(kid1, key1, kid2, (RSAPublicKey) key2.getPublic());
    }

    private static Map<String, RSAPublicKey> keys(String kid1, RSAPublicKey key1, String kid2, RSAPublicKey key2) {
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        keys.put(kid1, key1);
        keys.put(kid2, key2);
        return keys;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
