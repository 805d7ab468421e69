package anquanli.common;

import anquanli.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Browsers may call the API only from the configured origins (quarkus.http.cors.origins; the test profile allows
 * https://app.anquanli.example), with the headers the API reads and able to read the ones it answers with.
 */
@QuarkusTest
class CorsTest {

    private static final String APP = "https://app.anquanli.example";
    private static final String STRANGER = "https://evil.example";

    @Test
    void aPreflightFromTheAppIsAllowedWithTheApiHeaders() {
        given().header("Origin", APP).header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/api/v1/me")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Methods", allOf(containsString("GET"), containsString("POST"),
                        containsString("PUT")))
                .header("Access-Control-Allow-Headers", allOf(containsString("Authorization"),
                        containsString("Content-Type"), containsString("X-Tracking-Secret"),
                        containsString("X-Device-Id")))
                .header("Access-Control-Allow-Credentials", equalTo("false"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void aPreflightFromAnotherOriginIsRefused() {
        given().header("Origin", STRANGER).header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/api/v1/me")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theAppMayReadWaitsLocationsAndFileNames() {
        Api.api().header("Origin", APP).when().get("/api/v1/campaigns/current").then().statusCode(200)
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Expose-Headers", allOf(containsString("Retry-After"),
                        containsString("Location"), containsString("Content-Disposition")));
    }

    @Test
    void aRequestFromAnotherOriginGetsNoAnswer() {
        given().header("Origin", STRANGER).when().get("/api/v1/campaigns/current").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
