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
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak rotates its signing keys: a token signed with a new key is accepted at once (the service fetches the
 * realm's keys again on an unknown kid), while tokens naming unknown keys cannot make it fetch them more than once per
 * quarkus.oidc.token.forced-jwk-refresh-interval (10 s). Runs on an application of its own, so no other test has just
 * used up the refresh. The flood goes without the contract filter: it is about the key fetches, and the faster it is
 * sent, the tighter the bound.
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
        long start = System.nanoTime();
        meAs(signed("rotated-1", rotated)).isEqualTo(200);
        meAs(AdminTokens.national()).isEqualTo(200);
        assertThat(OidcProviderResource.requests(JWKS)).as("key set fetches after the rotation").isEqualTo(1);

        // Tokens naming keys nobody published: refused, and the key set is fetched at most once per interval (one
        // fetch in all when the flood is over within the interval, as it is unless the machine is very busy).
        KeyPair stranger = rsa();
        for (int i = 0; i < 40; i++) {
            assertThat(given().header("Authorization", "Bearer " + signed("kid-" + UUID.randomUUID(), stranger))
                    .when().get("/api/v1/admin/me").statusCode()).isEqualTo(401);
        }
        assertThat(OidcProviderResource.requests(JWKS)).as("key set fetches after 40 unknown kids")
                .isLessThanOrEqualTo(1 + intervalsSince(start));
        assertThat(OidcProviderResource.requests(OidcProviderResource.INTROSPECTION_PATH)).isZero();

        // Another rotation: the newest key is fetched within the interval (10 s), not the default ten minutes.
        KeyPair again = rsa();
        OidcProviderResource.publishKeys(keys("rotated-1", (RSAPublicKey) rotated.getPublic(), "rotated-2", again));
        long published = System.nanoTime();
        String newest = signed("rotated-2", again);
        int status = 0;
        while (status != 200 && System.nanoTime() - published < 20_000_000_000L) {
            status = given().header("Authorization", "Bearer " + newest).when().get("/api/v1/admin/me").statusCode();
            if (status != 200) {
                Thread.sleep(250);
            }
        }
        double seconds = (System.nanoTime() - published) / 1e9;
        assertThat(status).as("the newest key, %.1f s after it was published", seconds).isEqualTo(200);
        assertThat(OidcProviderResource.requests(JWKS)).as("key set fetches in all")
                .isLessThanOrEqualTo(1 + intervalsSince(start));
        meAs(signed("rotated-1", rotated)).isEqualTo(200);
    }

    /** Whole refresh intervals (10 s) since {@code start}: how many more fetches the rate limit allows. */
    private static int intervalsSince(long start) {
        return (int) ((System.nanoTime() - start) / 10_000_000_000L);
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
