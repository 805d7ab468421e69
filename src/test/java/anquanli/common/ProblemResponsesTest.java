package anquanli.common;

import anquanli.AdminTokens;
import anquanli.Api;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;

import static anquanli.Api.bad;
import static anquanli.Api.badAs;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/**
 * Paths and methods outside the contract, and requests no client should send, still answer with problem documents,
 * never HTML, stack traces or a 5xx. The regression tests for what {@link ApiFuzzTest} found are here.
 */
@QuarkusTest
class ProblemResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    @Test
    void unknownPathIsAProblem() {
        given().when().get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://anquanli.example/problems/not-found"))
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodIsAProblem() {
        given().when().delete("/api/v1/campaigns/current").then().statusCode(405)
                .contentType("application/problem+json")
                .body("code", equalTo("method-not-allowed"));
    }

    @Test
    void wrongMediaTypeIsAProblem() {
        given().contentType(ContentType.TEXT).body("phone=13800000000").when().post("/api/v1/auth/sms-codes")
                .then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void wrongJsonTypesAreAProblemWithoutInternals() {
        given().contentType(ContentType.JSON).body("{\"phone\": {\"nested\": true}}").when()
                .post("/api/v1/auth/sms-codes").then().statusCode(400)
                .contentType("application/problem+json")
                .body(not(containsString("com.fasterxml")))
                .body(not(containsString("Exception")));
    }

    @Test
    void healthIsUp() {
        Api.management().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aKeyGivenTwiceIsAMalformedBodyNamingTheKey() {
        bad().contentType(ContentType.JSON).body("{\"phone\":\"13800000000\",\"phone\":\"13900000000\"}")
                .when().post("/api/v1/auth/sms-codes").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("malformed-body"))
                .body("errors[0].field", equalTo("phone"));
        bad().header("Authorization", "Bearer " + AdminTokens.national()).contentType(ContentType.JSON)
                .body("{\"code\":\"dup-key\",\"rules\":{\"attemptsPerDay\":1,\"attemptsPerDay\":2}}")
                .when().post("/api/v1/admin/campaigns").then().statusCode(400)
                .body("code", equalTo("malformed-body"))
                .body("errors[0].field", equalTo("rules.attemptsPerDay"));
    }

    @Test
    void nulInAJsonStringIsAValidationProblemNamingTheField() {
        Api.Session s = Api.login(Api.newPhone());
        badAs(s).contentType(ContentType.JSON)
                .body("{\"displayName\":\"张\\u0000三\",\"regionCode\":\"110101001\",\"identityType\":\"PUBLIC\"}")
                .when().put("/api/v1/me").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("displayName"))
                .body("errors[0].message", containsString("U+0000"));
        // keys of maps too: they are stored as jsonb keys
        bad().header("Authorization", "Bearer " + AdminTokens.national()).contentType(ContentType.JSON)
                .body("{\"code\":\"nul-key\",\"name\":\"x\",\"startDate\":\"2027-06-01\",\"endDate\":\"2027-06-30\","
                        + "\"rules\":{\"categoryMix\":{\"fi\\u0000re\":1}}}")
                .when().post("/api/v1/admin/campaigns").then().statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", startsWith("rules.categoryMix"));
    }

    @Test
    void nulInAQueryOrPathParameterIsAValidationProblemNamingIt() {
        bad().urlEncodingEnabled(false).when().get("/api/v1/units?region=110101&q=a%00b").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors.field", hasItem("q"));
        bad().urlEncodingEnabled(false).when().get("/api/v1/hazard-reports/track/AB%00CD").then().statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors.field", hasItem("code"));
    }

    @Test
    void aQueryValueNotOfItsTypeIsABadRequestNotANotFound() {
        bad().when().get("/api/v1/units?region=110101&limit=abc").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-parameter"));
        long campaign = Api.currentCampaignId();
        bad().when().get("/api/v1/campaigns/" + campaign + "/leaderboards/regions?day=2026-13-45").then().statusCode(400)
                .body("code", equalTo("invalid-parameter"));
        bad().when().get("/api/v1/units/abc").then().statusCode(400)
                .body("code", equalTo("invalid-parameter"));
    }

    @Test
    void aDateNoDatabaseHoldsIsAnInvalidParameter() {
        bad().header("Authorization", "Bearer " + AdminTokens.national())
                .when().get("/api/v1/admin/hazard-reports?from=-999999999-01-01").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-parameter"));
    }

    @Test
    void anEmptyAcceptHeaderMeansAnything() {
        bad().header("Authorization", "Bearer " + AdminTokens.national()).header("Accept", "")
                .when().get("/api/v1/admin/hazard-reports/map").then().statusCode(200);
    }

    @Test
    void deepNestingAndHugeStringsAreMalformedBodies() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        bad().contentType(ContentType.JSON).body("{\"phone\":" + deep + "}")
                .when().post("/api/v1/auth/sms-codes").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("malformed-body"));
        // the contract: strings up to 1,000,000 characters
        bad().contentType(ContentType.JSON).body("{\"phone\":\"" + "1".repeat(1_000_001) + "\"}")
                .when().post("/api/v1/auth/sms-codes").then().statusCode(400)
                .body("code", equalTo("malformed-body"));
        Api.management().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aBodyDeclaredOverTheLimitIsAProblemBeforeItIsRead() throws Exception {
        RawHttp.Response r = raw().send(RawHttp.Request.of("POST", "/api/v1/auth/sms-codes")
                .header("Content-Type", "application/json").header("Content-Length", "60000000"));
        assertProblem(r, 413, "body-too-large");
    }

    @Test
    void aMultipartFormCutBeforeItsEndIsAMalformedBody() throws Exception {
        byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n"
                + "{}\r\n").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = raw().send(RawHttp.Request.of("POST", "/api/v1/hazard-reports")
                .body("multipart/form-data; boundary=b", body));
        assertProblem(r, 400, "malformed-body");
    }

    @Test
    void aJsonPartOverTheFormAttributeLimitIsAProblem() throws Exception {
        // one network read (30 KB) and many (300 KB, 3 MB): the limit is 16 KB (quarkus.http.limits.max-form-attribute-size)
        for (int size : new int[]{10_000, 100_000, 1_000_000}) {
            String description = "安".repeat(size);
            byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n"
                    + "{\"description\":\"" + description + "\"}\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
            RawHttp.Response r = raw().send(RawHttp.Request.of("POST", "/api/v1/hazard-reports")
                    .body("multipart/form-data; boundary=b", body));
            assertProblem(r, 413, "body-too-large");
        }
    }

    @Test
    void aRequestTargetThatIsNotAPathIsAProblem() throws Exception {
        assertProblem(raw().send(RawHttp.Request.of("GET", "*")), 404, "not-found");
    }

    private RawHttp raw() {
        return new RawHttp(root.getHost(), root.getPort());
    }

    private static void assertProblem(RawHttp.Response r, int status, String code) throws Exception {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("code").asText()).isEqualTo(code);
    }
}
