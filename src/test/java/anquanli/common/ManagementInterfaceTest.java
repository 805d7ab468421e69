package anquanli.common;

import anquanli.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Health and metrics live on the management port only: the public port knows nothing of them. */
@QuarkusTest
class ManagementInterfaceTest {

    @Test
    void thePublicPortAnswersNotFoundForHealthAndMetrics() {
        for (String path : new String[]{"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics"}) {
            given().when().get(path).then().statusCode(404);
        }
    }

    @Test
    void theManagementPortServesHealthAndMetrics() {
        Api.management().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        Api.management().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Api.management().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("anquanli_answers_held_questions"));
    }

    @Test
    void theManagementPortServesNoApi() {
        Api.management().when().get("/api/v1/regions").then().statusCode(404);
    }
}
