package anquanli.activity;

import anquanli.AdminTokens;
import anquanli.Api;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events, posters and check-ins for the activity tests; each test uses regions no other test uses. */
final class ActivityFixtures {

    private ActivityFixtures() {
    }

    static String organizer(String region) {
        return AdminTokens.token("organizer-" + region, List.of("organizer"), region);
    }

    static RequestSpecification asAdmin(String token) {
        return Api.api().header("Authorization", "Bearer " + token);
    }

    /** An event in {@code region} from an hour ago to two hours on, with the given changes. */
    static Map<String, Object> event(String region, Object... keyValues) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> e = new HashMap<>();
        e.put("campaignId", Api.currentCampaignId());
        e.put("name", "安全生产月宣传咨询活动");
        e.put("kind", "CONSULTATION");
        e.put("regionCode", region);
        e.put("address", "人民广场东侧");
        e.put("startsAt", now.minus(Duration.ofHours(1)).toString());
        e.put("endsAt", now.plus(Duration.ofHours(2)).toString());
        e.put("organizerName", "区安委办");
        for (int i = 0; i < keyValues.length; i += 2) {
            e.put((String) keyValues[i], keyValues[i + 1]);
        }
        return e;
    }

    static ValidatableResponse create(String token, Map<String, Object> event) {
        return asAdmin(token).contentType(ContentType.JSON).body(event).when().post("/api/v1/admin/activities").then();
    }

    /** Creates the event and answers its detail (the activity, and its check-in code). */
    static JsonPath created(String token, Map<String, Object> event) {
        return create(token, event).statusCode(201).extract().jsonPath();
    }

    static ValidatableResponse checkIn(Api.Session who, String code, String nonce, Object... keyValues) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("nonce", nonce);
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Api.as(who).contentType(ContentType.JSON).body(body).when().post("/api/v1/check-ins").then();
    }

    static String nonce() {
        return UUID.randomUUID().toString();
    }

    static JsonPath detail(String token, long id) {
        return asAdmin(token).when().get("/api/v1/admin/activities/{id}", id).then().statusCode(200).extract()
                .jsonPath();
    }
}
