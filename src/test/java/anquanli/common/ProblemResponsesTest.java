package anquanli.common;

import anquanli.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** Paths and methods outside the contract still answer with problem documents, never HTML or stack traces. */
@QuarkusTest
class ProblemResponsesTest {

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
}
