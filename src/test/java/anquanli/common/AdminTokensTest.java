package anquanli.common;

import anquanli.AdminTokens;
import anquanli.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static anquanli.Api.api;
import static anquanli.Api.bad;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Both token kinds through real signature verification, side by side, and neither accepted in the other's place. */
@QuarkusTest
class AdminTokensTest {

    @Test
    void keycloakTokenOfARegionAdminIsVerified() {
        api().header("Authorization", "Bearer " + AdminTokens.region("110101")).when().get("/api/v1/admin/me")
                .then().statusCode(200)
                .body("username", equalTo("admin-110101"))
                .body("roles", hasItem("region-admin"))
                .body("national", equalTo(false))
                .body("regionPath.code", contains("11", "1101", "110101"));
    }

    @Test
    void nationalAdminHasNoRegionLimit() {
        api().header("Authorization", "Bearer " + AdminTokens.national()).when().get("/api/v1/admin/me")
                .then().statusCode(200).body("national", equalTo(true));
    }

    @Test
    void participantTokenIsNotAnAdminToken() {
        Api.Session s = Api.login(Api.newPhone());
        api().header("Authorization", "Bearer " + s.accessToken()).when().get("/api/v1/admin/me")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void adminTokenIsNotAParticipantToken() {
        api().header("Authorization", "Bearer " + AdminTokens.national()).when().get("/api/v1/me")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void adminTokenWithoutAnAdminRoleIsForbidden() {
        api().header("Authorization", "Bearer " + AdminTokens.token("someone", List.of("offline_access"), "11"))
                .when().get("/api/v1/admin/me").then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void regionAdminWithoutARegionIsForbidden() {
        api().header("Authorization", "Bearer " + AdminTokens.token("lost", List.of("region-admin"), null))
                .when().get("/api/v1/admin/me").then().statusCode(403).body("code", equalTo("admin-region-missing"));
    }

    @Test
    void adminEndpointsNeedAToken() {
        bad().when().get("/api/v1/admin/me").then().statusCode(401).body("code", equalTo("unauthorized"));
    }
}
