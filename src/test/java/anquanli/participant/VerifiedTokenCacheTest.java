package anquanli.participant;

import anquanli.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Remembering verified tokens must never let in a token that verification would refuse. */
@QuarkusTest
class VerifiedTokenCacheTest {

    @Inject
    VerifiedTokenCache cache;

    private static String participantToken(long participantId, Instant expiresAt) {
        return Jwt.issuer("https://anquanli.example/participants").subject(Long.toString(participantId))
                .claim(Tokens.TOKEN_TYPE_CLAIM, Tokens.ACCESS_TOKEN_TYPE).groups(Set.of(Tokens.PARTICIPANT_ROLE)).issuedAt(expiresAt.minusSeconds(900)).expiresAt(expiresAt)
                .sign();
    }

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromTheCache() {
        Api.Session s = Api.login(Api.newPhone());
        long before = cache.size();

        Api.as(s).when().get("/api/v1/me").then().statusCode(200).body("id", equalTo((int) s.participantId()));
        long afterFirst = cache.size();
        Api.as(s).when().get("/api/v1/me").then().statusCode(200).body("id", equalTo((int) s.participantId()));

        assertThat(afterFirst).isEqualTo(before + 1);
        assertThat(cache.size()).isEqualTo(afterFirst);
        assertThat(cache.find(s.accessToken())).isNotNull();
        // The remembered identity must not pin the request that verified it.
        assertThat(cache.find(s.accessToken()).getAttributes().values())
                .noneMatch(v -> v instanceof io.vertx.ext.web.RoutingContext);
    }

    @Test
    void aForgedVariantOfACachedTokenIsStillRefused() {
        Api.Session s = Api.login(Api.newPhone());
        Api.as(s).when().get("/api/v1/me").then().statusCode(200);
        String[] parts = s.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"" + s.participantId() + "\"", "\"sub\":\"" + (s.participantId() + 1) + "\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(forged).isNotEqualTo(s.accessToken());

        api().header("Authorization", "Bearer " + forged).when().get("/api/v1/me").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
        assertThat(cache.find(forged)).isNull();
    }

    @Test
    void aCachedParticipantTokenDoesNotOpenAdminRoutes() {
        Api.Session s = Api.login(Api.newPhone());
        Api.as(s).when().get("/api/v1/me").then().statusCode(200);
        assertThat(cache.find(s.accessToken())).isNotNull();

        Api.as(s).when().get("/api/v1/admin/me").then().statusCode(401);
    }

    @Test
    void theCacheNeverOutlivesTheTokenItself() throws InterruptedException {
        Api.Session s = Api.login(Api.newPhone());
        // Expired 27 s ago: still inside the 30 s clock-skew grace that verification allows, for a few seconds.
        String token = participantToken(s.participantId(), Instant.now().minusSeconds(27));

        api().header("Authorization", "Bearer " + token).when().get("/api/v1/me").then().statusCode(200);
        assertThat(cache.find(token)).as("an expired token is not kept").isNull();
        Thread.sleep(4_000);

        api().header("Authorization", "Bearer " + token).when().get("/api/v1/me").then().statusCode(401);
    }
}
