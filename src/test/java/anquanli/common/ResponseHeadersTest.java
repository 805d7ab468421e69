package anquanli.common;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.hazard.HazardFixtures;
import anquanli.lottery.LotteryFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.lottery.LotteryFixtures.TOTAL;
import static anquanli.lottery.LotteryFixtures.asAdmin;
import static anquanli.lottery.LotteryFixtures.tier;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Every answer of the public port carries the browser security headers, and is never stored by a cache on the way
 * unless its resource declares it public: tokens, profiles, claims, exports and tracking all leave with no-store.
 */
@QuarkusTest
class ResponseHeadersTest {

    @Inject
    LotteryFixtures lottery;
    @Inject
    HazardFixtures hazards;

    private static ValidatableResponse secured(ValidatableResponse r, String cacheControl) {
        return r.header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer").header("Strict-Transport-Security", nullValue())
                .header("Cache-Control", cacheControl);
    }

    private static ValidatableResponse personal(ValidatableResponse r) {
        return secured(r, "no-store");
    }

    @Test
    void theServicesOwnPagesRunOnlyTheirOwnScriptsAndTalkOnlyToTheServiceAndKeycloak() {
        String realm = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.oidc.auth-server-url", String.class);
        java.net.URI u = java.net.URI.create(realm);
        String keycloak = u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
        for (String page : new String[]{"/play/", "/console/"}) {
            String policy = io.restassured.RestAssured.given().when().get(page).then().statusCode(200)
                    .contentType(org.hamcrest.Matchers.containsString("text/html"))
                    .header("X-Frame-Options", "DENY").extract().header("Content-Security-Policy");
            org.assertj.core.api.Assertions.assertThat(policy).contains("script-src 'self';")
                    .contains("connect-src 'self' " + keycloak + ";").contains("frame-ancestors 'none'");
        }
        // The API's answers are not pages: no policy there.
        Api.api().when().get("/api/v1/regions").then().statusCode(200).header("Content-Security-Policy", nullValue());
        Api.api().when().get("/console/config.json").then().statusCode(200)
                .body("realmUrl", org.hamcrest.Matchers.equalTo(realm))
                .body("clientId", org.hamcrest.Matchers.equalTo("anquanli-admin-console"));
    }

    @Test
    void signInAndProfileAnswersAreNeverStored() {
        String phone = Api.newPhone();
        personal(Api.api().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/auth/sms-codes").then().statusCode(202));
        JsonPath tokens = personal(Api.api().contentType(ContentType.JSON)
                .body(Map.of("phone", phone, "code", Api.FIXED_CODE))
                .when().post("/api/v1/auth/tokens").then().statusCode(200)).extract().jsonPath();
        personal(Api.api().contentType(ContentType.JSON).body(Map.of("refreshToken", tokens.getString("refreshToken")))
                .when().post("/api/v1/auth/tokens/refresh").then().statusCode(200));
        Api.Session s = Api.player();
        personal(Api.as(s).when().get("/api/v1/me").then().statusCode(200));
        personal(Api.as(s).when().get("/api/v1/me/attempts").then().statusCode(200));
    }

    @Test
    void drawsClaimsAndTheirExportAreNeverStored() {
        long campaign = lottery.campaign();
        lottery.pool(campaign, List.of(tier("安全帽", "PHYSICAL", TOTAL, 5, 1, null)));
        Api.Session s = Api.player("110101001", null);
        lottery.chances(campaign, s.participantId(), 1);
        String drawId = personal(LotteryFixtures.draw(s, campaign, UUID.randomUUID()).statusCode(201))
                .extract().path("id");
        personal(Api.as(s).contentType(ContentType.JSON)
                .body(Map.of("name", "张三丰", "phone", "13812345678", "address", "北京市东城区安全路18号"))
                .when().put("/api/v1/draws/{id}/claim", drawId).then().statusCode(200));
        personal(Api.as(s).when().get("/api/v1/me/lottery?campaign=" + campaign).then().statusCode(200));
        personal(asAdmin(AdminTokens.national()).when()
                .get("/api/v1/admin/campaigns/{id}/lottery/claims", campaign).then().statusCode(200));
        personal(asAdmin(AdminTokens.national()).when()
                .get("/api/v1/admin/campaigns/{id}/lottery/claims/export?format=csv", campaign)
                .then().statusCode(200));
    }

    @Test
    void hazardTrackingAndExportsAreNeverStored() {
        hazards.clearLimits();
        JsonPath sent = HazardFixtures.sent(null, HazardFixtures.form());
        personal(Api.api().header("X-Tracking-Secret", sent.getString("trackingSecret"))
                .when().get("/api/v1/hazard-reports/track/{code}", sent.getString("trackingCode"))
                .then().statusCode(200));
        Api.Session reporter = Api.player();
        HazardFixtures.sent(reporter, HazardFixtures.realName());
        personal(Api.as(reporter).when().get("/api/v1/me/hazard-reports").then().statusCode(200));
        personal(asAdmin(AdminTokens.national()).when().get("/api/v1/admin/hazard-reports/export?format=csv")
                .then().statusCode(200));
    }

    @Test
    void publicBoardsCampaignAndRegionsStayCacheable() {
        long campaign = Api.currentCampaignId();
        secured(Api.api().when().get("/api/v1/campaigns/current").then().statusCode(200), "public, max-age=60");
        secured(Api.api().when().get("/api/v1/regions").then().statusCode(200), "public, max-age=3600");
        secured(Api.api().when().get("/api/v1/campaigns/{id}/leaderboards/regions", campaign).then()
                .statusCode(200), "public, max-age=10");
    }

    @Test
    void problemsAndUnknownPathsCarryTheHeadersToo() {
        personal(Api.bad().when().get("/api/v1/me").then().statusCode(401).body("code", equalTo("unauthorized")));
        personal(given().when().get("/api/v1/no-such-thing").then().statusCode(404));
        personal(given().when().get("/nowhere").then().statusCode(404));
    }

    @Test
    void aClientCannotClaimTlsItDidNotUse() {
        // No trusted proxies here: the test client's X-Forwarded-Proto is its own claim, and the connection is plain.
        given().header("X-Forwarded-Proto", "https").when().get("/api/v1/regions").then().statusCode(200)
                .header("Strict-Transport-Security", nullValue());
        given().when().get("/api/v1/regions").then().statusCode(200)
                .header("Strict-Transport-Security", nullValue());
    }

    @Test
    void theHstsDecisionTakesOnlyTheScheme() {
        assertThat(ResponseHeaders.strictTransportSecurity("https")).isEqualTo("max-age=31536000");
        assertThat(ResponseHeaders.strictTransportSecurity("HTTPS")).isEqualTo("max-age=31536000");
        assertThat(ResponseHeaders.strictTransportSecurity("http")).isNull();
        assertThat(ResponseHeaders.strictTransportSecurity(null)).isNull();
    }
}
