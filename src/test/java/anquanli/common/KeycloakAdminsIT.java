package anquanli.common;

import anquanli.KeycloakServer;
import anquanli.PackagedService;
import anquanli.PackagedService.Instance;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Admins signed in with a real Keycloak, the realm imported from src/main/keycloak unchanged, and the packaged
 * service verifying its tokens as deployed (discovery, the realm's keys). The realm's own rules are checked too: the
 * console client takes no password, and the demo users' passwords are temporary.
 */
class KeycloakAdminsIT {

    private static KeycloakServer keycloak;
    private static PackagedService service;
    private static Instance instance;

    @BeforeAll
    static void startKeycloakAndTheService() throws Exception {
        keycloak = KeycloakServer.start();
        service = PackagedService.fresh("anquanli_it_kc", 7).adminsFrom(keycloak.realmUrl());
        instance = service.start("kc", 18191, 19191);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stopAll();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void theConsoleClientTakesNoPasswordGrant() {
        keycloak.token(Map.of("grant_type", "password", "client_id", "anquanli-admin-console",
                        "username", "national-admin", "password", "change-me-national-admin"))
                .then().statusCode(400).body("error", equalTo("unauthorized_client"));
    }

    @Test
    void theDemoPasswordsMustBeChangedBeforeTheyWork() {
        keycloak.userTokens("gd-province-admin", "change-me-gd-province-admin").then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void aCountyAdminSignedInWithKeycloakSeesTheirCountyOnly() {
        keycloak.setPassword("dongcheng-county-admin", "county-admin-pass-1");
        String token = keycloak.userTokens("dongcheng-county-admin", "county-admin-pass-1").then().statusCode(200)
                .extract().path("access_token");

        JsonPath me = instance.api().header("Authorization", "Bearer " + token).when().get("/api/v1/admin/me")
                .then().statusCode(200).extract().jsonPath();
        assertThat(me.getString("username")).isEqualTo("dongcheng-county-admin");
        assertThat(me.getList("roles", String.class)).contains("region-admin");
        assertThat(me.getString("regionPath[-1].code")).isEqualTo("110101");

        long campaign = instance.api().when().get("/api/v1/campaigns/current").then().statusCode(200)
                .extract().jsonPath().getLong("id");
        instance.api().header("Authorization", "Bearer " + token).queryParam("campaign", campaign)
                .queryParam("region", "110101").when().get("/api/v1/admin/statistics").then().statusCode(200);
        instance.api().header("Authorization", "Bearer " + token).queryParam("campaign", campaign)
                .queryParam("region", "110102").when().get("/api/v1/admin/statistics").then().statusCode(403)
                .body("type", equalTo("https://anquanli.example/problems/region-out-of-scope"));
        // National administration stays national.
        instance.api().header("Authorization", "Bearer " + token).when()
                .post("/api/v1/admin/campaigns/{id}/leaderboards/rebuild", campaign).then().statusCode(403);
    }

    @Test
    void onlyAccessTokensForTheApiAreAccepted() {
        keycloak.setPassword("national-admin", "national-admin-pass-1");
        JsonPath tokens = keycloak.userTokens("national-admin", "national-admin-pass-1").then().statusCode(200)
                .extract().jsonPath();
        instance.api().header("Authorization", "Bearer " + tokens.getString("access_token")).when()
                .get("/api/v1/admin/me").then().statusCode(200).body("national", equalTo(true));
        // The ID token of the same sign-in is not an access token for this API.
        instance.api().header("Authorization", "Bearer " + tokens.getString("id_token")).when()
                .get("/api/v1/admin/me").then().statusCode(401);
        instance.api().header("Authorization", "Bearer " + tokens.getString("refresh_token")).when()
                .get("/api/v1/admin/me").then().statusCode(401);
        // Nor is an access token the realm issued to another of its clients (Keycloak's own admin-cli): it does not
        // name the API in its audience.
        String other = keycloak.token(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", "national-admin", "password", "national-admin-pass-1"))
                .then().statusCode(200).extract().path("access_token");
        instance.api().header("Authorization", "Bearer " + other).when().get("/api/v1/admin/me").then()
                .statusCode(401);
    }
}
