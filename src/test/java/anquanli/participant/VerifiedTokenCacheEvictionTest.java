package anquanli.participant;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** A full cache makes room for the tokens of people playing now instead of refusing them. */
class VerifiedTokenCacheEvictionTest {

    /** The expiry claim of every token here: fixed, so a name always gives the same token. */
    private static final long EXP = System.currentTimeMillis() / 1000 + 3_600;

    /** A token as quarkus-oidc sees it after verifying it: the cache itself never checks signatures. */
    private static String token(String name) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = "{\"iss\":\"https://anquanli.example/participants\",\"sub\":\"" + Math.abs(name.hashCode())
                + "\",\"groups\":[\"participant\"],\"exp\":" + EXP + ",\"name\":\"" + name + "\"}";
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static SecurityIdentity identity(String token) throws InvalidJwtException {
        JwtClaims claims = JwtClaims.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8));
        claims.setClaim("raw_token", token);
        AccessTokenCredential credential = new AccessTokenCredential(token);
        return QuarkusSecurityIdentity.builder().setPrincipal(new OidcJwtCallerPrincipal(claims, credential))
                .addCredential(credential).addRole(Tokens.PARTICIPANT_ROLE)
                .addAttribute(VerifiedTokenCache.TENANT_ATTRIBUTE, Tokens.PARTICIPANT_TENANT).build();
    }

    private static void remember(VerifiedTokenCache cache, String name, long expiresAt) throws InvalidJwtException {
        String token = token(name);
        cache.remember(token, identity(token), expiresAt);
    }

    private static SecurityIdentity find(VerifiedTokenCache cache, String name) {
        return cache.find(token(name));
    }

    private static long inAnHour() {
        return System.currentTimeMillis() + 3_600_000;
    }

    @Test
    void aFullCacheStillRemembersNewTokensAndStaysWithinItsSize() throws InvalidJwtException {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        for (int i = 0; i < 1_000; i++) {
            remember(cache, "token-" + i, inAnHour());
        }

        assertThat(cache.size()).isLessThanOrEqualTo(100);
        // The newest token is served although the cache was full long before it came.
        SecurityIdentity found = find(cache, "token-999");
        assertThat(found).isNotNull();
        // Rebuilt from the token's claims as signed, with the roles and tenant of the verified identity.
        JsonWebToken jwt = (JsonWebToken) found.getPrincipal();
        assertThat(jwt.getSubject()).isEqualTo(Long.toString(Math.abs("token-999".hashCode())));
        assertThat(jwt.<String>getClaim("name")).isEqualTo("token-999");
        assertThat(jwt.getRawToken()).isEqualTo(token("token-999"));
        assertThat(jwt.getGroups()).containsExactly(Tokens.PARTICIPANT_ROLE);
        assertThat(jwt.getIssuer()).isEqualTo("https://anquanli.example/participants");
        assertThat(found.getRoles()).containsExactly(Tokens.PARTICIPANT_ROLE);
        assertThat(found.<String>getAttribute(VerifiedTokenCache.TENANT_ATTRIBUTE))
                .isEqualTo(Tokens.PARTICIPANT_TENANT);
        assertThat(found.getCredential(AccessTokenCredential.class).getToken()).isEqualTo(token("token-999"));
    }

    @Test
    void tokensInUseOutlastOneOffTokensWhenTheCacheIsFull() throws InvalidJwtException {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            remember(cache, "playing-" + i, inAnHour());
        }
        // Players keep coming back with their tokens while a flood of one-off tokens passes through.
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 50; i++) {
                find(cache, "playing-" + i);
            }
            for (int i = 0; i < 100; i++) {
                remember(cache, "once-" + round + "-" + i, inAnHour());
            }
        }

        long kept = java.util.stream.IntStream.range(0, 50).filter(i -> find(cache, "playing-" + i) != null).count();
        assertThat(kept).as("tokens of players still playing").isGreaterThanOrEqualTo(45);
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void anEntryNeverOutlivesItsTtlOrTheToken() throws InvalidJwtException {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5));
        remember(cache, "expired", System.currentTimeMillis() - 1);
        remember(cache, "no-ttl", inAnHour());
        VerifiedTokenCache noTtl = new VerifiedTokenCache(100, Duration.ZERO);
        remember(noTtl, "no-ttl", inAnHour());

        assertThat(find(cache, "expired")).isNull();
        assertThat(find(cache, "no-ttl")).isNotNull();
        assertThat(find(noTtl, "no-ttl")).isNull();
    }

    @Test
    void sizeZeroRemembersNothing() throws InvalidJwtException {
        VerifiedTokenCache cache = new VerifiedTokenCache(0, Duration.ofMinutes(5));
        remember(cache, "token", inAnHour());

        assertThat(find(cache, "token")).isNull();
    }
}
