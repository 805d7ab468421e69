package anquanli.common;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Jwts;
import anquanli.LogCapture;
import anquanli.OidcProviderResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Forged, altered, stale and misdirected bearer tokens against both tenants: admins' (Keycloak, default tenant) and
 * participants' (signed by this service). Every one is refused with a 401 problem, never a 5xx; none is sent to the
 * identity provider's introspection endpoint; each refusal is logged as at most one short WARN line without the
 * token or a stack trace.
 */
@QuarkusTest
class TokenAttackTest {

    private static final String ADMIN_ME = "/api/v1/admin/me";
    private static final String PARTICIPANT_ME = "/api/v1/me";
    private static final Path PARTICIPANT_PRIVATE_KEY = Path.of("src/main/resources/dev-keys/jwt-private.pem");
    private static final Path PARTICIPANT_PUBLIC_KEY = Path.of("src/main/resources/dev-keys/jwt-public.pem");
    private static final String PARTICIPANT_ISSUER = "https://anquanli.example/participants";

    @Test
    void forgedAlteredAndMisdirectedAdminTokensAreRefused() {
        Api.Session participant = Api.login(Api.newPhone());
        long now = Instant.now().getEpochSecond();
        String kid = OidcProviderResource.KEY_ID;
        String regionAdmin = AdminTokens.region("110101");

        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("alg none", Jwts.unsigned(Jwts.header("none", null), national()));
        attacks.put("alg none naming the realm key", Jwts.unsigned(Jwts.header("none", kid), national()));
        attacks.put("HS256 keyed with the realm's public key (PEM)",
                Jwts.hs256(Jwts.header("HS256", kid), national(), Jwts.pemBytes(AdminTokens.PUBLIC_KEY)));
        attacks.put("HS256 keyed with the realm's public key (DER)", Jwts.hs256(Jwts.header("HS256", kid),
                national(), Jwts.publicKey(AdminTokens.PUBLIC_KEY).getEncoded()));
        attacks.put("expired", AdminTokens.sign(national("exp", now - 600, "iat", now - 1200)));
        attacks.put("not yet valid", AdminTokens.sign(national("nbf", now + 600)));
        attacks.put("issued by another realm",
                AdminTokens.sign(national("iss", AdminTokens.issuer().replace("/realms/anquanli", "/realms/master"))));
        attacks.put("issued to another client of the realm", AdminTokens.sign(national("aud", "account")));
        attacks.put("without an audience", AdminTokens.sign(national("aud", null)));
        attacks.put("an ID token of the admin console",
                AdminTokens.sign(national("typ", "ID", "aud", "anquanli-admin-console", "nonce", "n-0S6_WzA2Mj")));
        attacks.put("an ID-typed token naming the API", AdminTokens.sign(national("typ", "ID")));
        attacks.put("a refresh token of the realm", AdminTokens.sign(national("typ", "Refresh",
                "aud", AdminTokens.issuer())));
        attacks.put("without a token type", AdminTokens.sign(national("typ", null)));
        attacks.put("a role added after signing", Jwts.withClaims(regionAdmin, with(Jwts.claims(regionAdmin),
                "realm_access", Map.of("roles", List.of("region-admin", "national-admin")))));
        attacks.put("the region changed after signing",
                Jwts.withClaims(regionAdmin, with(Jwts.claims(regionAdmin), "region_code", "11")));
        attacks.put("signed by another key under the realm's kid", Jwts.rs256(Jwts.header("RS256", kid), national(),
                newKey()));
        attacks.put("signed by a key the realm does not publish", Jwts.rs256(Jwts.header("RS256", "kid-" + UUID.randomUUID()),
                national(), newKey()));
        attacks.put("a participant's access token", participant.accessToken());
        attacks.put("a participant's refresh token", participant.refreshToken());
        attacks.put("opaque", UUID.randomUUID().toString());
        attacks.put("three junk segments", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln");

        api().header("Authorization", "Bearer " + AdminTokens.national()).when().get(ADMIN_ME)
                .then().statusCode(200);
        api().header("Authorization", "Bearer " + AdminTokens.sign(national())).when().get(ADMIN_ME)
                .then().statusCode(200);
        OidcProviderResource.forgetRequests();
        refusedQuietly(ADMIN_ME, attacks);
        assertThat(OidcProviderResource.requests(OidcProviderResource.INTROSPECTION_PATH))
                .as("tokens sent to the identity provider's introspection endpoint").isZero();
    }

    @Test
    void forgedAlteredAndMisdirectedParticipantTokensAreRefused() {
        Api.Session a = Api.login(Api.newPhone());
        Api.Session b = Api.login(Api.newPhone());
        long now = Instant.now().getEpochSecond();
        PrivateKey serviceKey = Jwts.privateKey(PARTICIPANT_PRIVATE_KEY);
        String own = a.accessToken();

        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("alg none", Jwts.unsigned(Jwts.header("none", null), participant(a)));
        attacks.put("HS256 keyed with the service's public key (PEM)", Jwts.hs256(Jwts.header("HS256", null),
                participant(a), Jwts.pemBytes(PARTICIPANT_PUBLIC_KEY)));
        attacks.put("HS256 keyed with the service's public key (DER)", Jwts.hs256(Jwts.header("HS256", null),
                participant(a), Jwts.publicKey(PARTICIPANT_PUBLIC_KEY).getEncoded()));
        attacks.put("expired beyond the grace", Jwts.rs256(Jwts.header("RS256", null),
                participant(a, "exp", now - 120, "iat", now - 1020), serviceKey));
        attacks.put("not yet valid", Jwts.rs256(Jwts.header("RS256", null),
                participant(a, "nbf", now + 600), serviceKey));
        attacks.put("issued by someone else", Jwts.rs256(Jwts.header("RS256", null),
                participant(a, "iss", "https://evil.example/participants"), serviceKey));
        attacks.put("without a token type", Jwts.rs256(Jwts.header("RS256", null),
                participant(a, "typ", null), serviceKey));
        attacks.put("an ID-typed token", Jwts.rs256(Jwts.header("RS256", null),
                participant(a, "typ", "ID"), serviceKey));
        attacks.put("another participant after signing",
                Jwts.withClaims(own, with(Jwts.claims(own), "sub", Long.toString(b.participantId()))));
        attacks.put("an admin role added after signing", Jwts.withClaims(own, with(Jwts.claims(own),
                "groups", List.of("participant", "national-admin"))));
        attacks.put("signed by another key", Jwts.rs256(Jwts.header("RS256", null), participant(a), newKey()));
        attacks.put("an admin's access token", AdminTokens.national());
        attacks.put("a refresh token", a.refreshToken());
        attacks.put("opaque", UUID.randomUUID().toString());
        attacks.put("three junk segments", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln");

        // The forging above is sound: the same claims signed with the service's key are accepted.
        api().header("Authorization", "Bearer " + Jwts.rs256(Jwts.header("RS256", null), participant(a), serviceKey))
                .when().get(PARTICIPANT_ME).then().statusCode(200);
        api().header("Authorization", "Bearer " + own).when().get(PARTICIPANT_ME).then().statusCode(200);
        OidcProviderResource.forgetRequests();
        refusedQuietly(PARTICIPANT_ME, attacks);
        assertThat(OidcProviderResource.requests(OidcProviderResource.INTROSPECTION_PATH)).isZero();
    }

    @Test
    void theServiceIssuesParticipantTokensOfTheRequiredShape() {
        Map<String, Object> claims = Jwts.claims(Api.login(Api.newPhone()).accessToken());
        assertThat(claims).containsEntry("iss", PARTICIPANT_ISSUER).containsEntry("typ", "Bearer")
                .containsKeys("sub", "exp", "iat");
    }

    @Test
    void aRefreshTokenReplayedAfterTwoRotationsRevokesTheNewestToo() {
        Api.Session s = Api.login(Api.newPhone());
        String second = refresh(s.refreshToken()).then().statusCode(200).extract().path("refreshToken");
        String third = refresh(second).then().statusCode(200).extract().path("refreshToken");

        refresh(s.refreshToken()).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("refresh-token-invalid"));
        refresh(third).then().statusCode(401).body("code", equalTo("refresh-token-invalid"));
    }

    @Test
    void oneRefreshTokenUsedTwiceAtOnceYieldsAtMostOnePair() throws Exception {
        Api.Session s = Api.login(Api.newPhone());
        List<Integer> statuses = Concurrently.run(4, () -> refresh(s.refreshToken()).statusCode());
        assertThat(statuses).allMatch(code -> code == 200 || code == 401);
        assertThat(statuses.stream().filter(code -> code == 200).count()).isLessThanOrEqualTo(1);
    }

    @Test
    void anAccessTokenIsNotARefreshToken() {
        Api.Session s = Api.login(Api.newPhone());
        String shortJwt = Jwts.unsigned(Jwts.header("none", null), Map.of("sub", "1"));
        refresh(shortJwt).then().statusCode(401).body("code", equalTo("refresh-token-invalid"));
        // A real access token is longer than any refresh token: refused by the contract's length limit.
        Api.bad().contentType(ContentType.JSON).body(Map.of("refreshToken", s.accessToken()))
                .when().post("/api/v1/auth/tokens/refresh").then().statusCode(400);
        refresh(s.refreshToken()).then().statusCode(200);
    }

    private static Response refresh(String token) {
        return api().contentType(ContentType.JSON).body(Map.of("refreshToken", token))
                .when().post("/api/v1/auth/tokens/refresh");
    }

    /**
     * Every token is refused with the 401 problem; the log meanwhile holds at most one WARN line per refusal, short,
     * without a stack trace or any part of a token.
     */
    private static void refusedQuietly(String path, Map<String, String> attacks) {
        SoftAssertions soft = new SoftAssertions();
        List<LogCapture.Line> lines;
        try (LogCapture log = LogCapture.start()) {
            for (Map.Entry<String, String> attack : attacks.entrySet()) {
                Response r = api().header("Authorization", "Bearer " + attack.getValue()).when().get(path);
                soft.assertThat(r.statusCode()).as(attack.getKey() + " on " + path).isEqualTo(401);
                soft.assertThat(r.contentType()).as(attack.getKey()).startsWith("application/problem+json");
                soft.assertThat(r.jsonPath().getString("code")).as(attack.getKey()).isEqualTo("unauthorized");
            }
            // What the requests logged: the service's scheduled work (boards, lottery) logs on its own meanwhile.
            lines = log.lines().stream().filter(l -> l.logger().equals(ProblemMapper.class.getName())
                    || l.logger().startsWith("anquanli.participant") || l.logger().startsWith("io.")
                    || l.logger().startsWith("org.jose4j")).toList();
        }
        soft.assertThat(lines).as("log lines for %d refused tokens", attacks.size()).hasSizeLessThanOrEqualTo(attacks.size());
        for (LogCapture.Line line : lines) {
            soft.assertThat(line.level().intValue()).as(line.toString()).isEqualTo(Level.WARNING.intValue());
            soft.assertThat(line.thrown()).as(line.toString()).isNull();
            soft.assertThat(line.message().length()).as(line.toString()).isLessThan(200);
            for (String token : attacks.values()) {
                for (String part : token.split("\\.")) {
                    if (part.length() >= 8) {
                        soft.assertThat(line.message()).as(line.toString()).doesNotContain(part);
                    }
                }
            }
        }
        soft.assertAll();
    }

    /** National-admin claims, with the given claims changed (a null value removes the claim). */
    private static Map<String, Object> national(Object... changes) {
        return with(AdminTokens.claims("nation", List.of("national-admin"), null), changes);
    }

    /** Claims as this service signs them for the participant, with the given changes. */
    private static Map<String, Object> participant(Api.Session s, Object... changes) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", PARTICIPANT_ISSUER);
        c.put("sub", Long.toString(s.participantId()));
        c.put("typ", "Bearer");
        c.put("groups", List.of("participant"));
        c.put("iat", now);
        c.put("exp", now + 900);
        c.put("jti", UUID.randomUUID().toString());
        return with(c, changes);
    }

    private static Map<String, Object> with(Map<String, Object> claims, Object... changes) {
        Map<String, Object> c = new LinkedHashMap<>(claims);
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) {
                c.remove((String) changes[i]);
            } else {
                c.put((String) changes[i], changes[i + 1]);
            }
        }
        return c;
    }

    private static PrivateKey newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
