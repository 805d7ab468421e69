package anquanli.quiz.campaign;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import anquanli.Play;
import anquanli.common.AppClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class CampaignAdminTest {

    @Inject
    AppClock clock;
    @Inject
    Db db;
    @Inject
    Play play;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Map<String, Object> request(String code, int pointsPerCorrect) {
        Map<String, Object> rules = new HashMap<>();
        rules.put("attemptsPerDay", 1);
        rules.put("questionsPerAttempt", 5);
        rules.put("secondsPerQuestion", 30);
        rules.put("correctPerChance", 5);
        rules.put("chancesPerDayCap", 3);
        rules.put("pointsPerCorrect", pointsPerCorrect);
        rules.put("perfectBonus", 20);
        rules.put("categoryMix", new HashMap<>(Map.of("fire", 2, "safety-law", 3)));
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "测试竞赛 " + code);
        body.put("startDate", clock.today().minusDays(1).toString());
        body.put("endDate", clock.today().plusDays(5).toString());
        body.put("rules", rules);
        return body;
    }

    private static io.restassured.specification.RequestSpecification asAdmin(String token) {
        return api().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static String code() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long create(Map<String, Object> body) {
        return asAdmin(AdminTokens.national()).body(body).when().post("/api/v1/admin/campaigns").then()
                .statusCode(201).body("status", equalTo("DRAFT")).extract().jsonPath().getLong("id");
    }

    private ValidatableResponse setStatus(long id, String status) {
        return asAdmin(AdminTokens.national()).body(Map.of("status", status))
                .when().post("/api/v1/admin/campaigns/{id}/status", id).then();
    }

    private ValidatableResponse update(long id, Map<String, Object> body) {
        return asAdmin(AdminTokens.national()).body(body).when().put("/api/v1/admin/campaigns/{id}", id).then();
    }

    @Test
    void nationalAdminCreatesActivatesAndClosesACampaign() {
        String code = code();
        long id = create(request(code, 10));

        setStatus(id, "ACTIVE").statusCode(200).body("status", equalTo("ACTIVE"));
        Api.Session s = Api.player();
        play.start(s, id);
        setStatus(id, "CLOSED").statusCode(200).body("status", equalTo("CLOSED"));

        Api.as(Api.player()).when().post("/api/v1/campaigns/{id}/attempts", id).then().statusCode(409)
                .body("code", equalTo("campaign-not-open"));
        setStatus(id, "ACTIVE").statusCode(409).body("code", equalTo("status-transition"));
        update(id, request(code, 10)).statusCode(409).body("code", equalTo("campaign-closed"));
    }

    @Test
    void draftCampaignCannotBePlayed() {
        long id = create(request(code(), 10));
        Api.as(Api.player()).when().post("/api/v1/campaigns/{id}/attempts", id).then().statusCode(409)
                .body("code", equalTo("campaign-not-open"));
    }

    @Test
    void rulesLockOncePeopleHavePlayedButTheWindowMayGrow() {
        String code = code();
        long id = create(request(code, 10));
        update(id, request(code, 12)).statusCode(200).body("rules.pointsPerCorrect", equalTo(12))
                .body("rulesLocked", equalTo(false));
        setStatus(id, "ACTIVE").statusCode(200);
        play.start(Api.player(), id);

        update(id, request(code, 15)).statusCode(409).body("code", equalTo("rules-locked"))
                .body("fields", hasItem("pointsPerCorrect"));
        Map<String, Object> later = request(code, 12);
        later.put("startDate", clock.today().plusDays(1).toString());
        update(id, later).statusCode(409).body("code", equalTo("window-excludes-played-days"));
        Map<String, Object> longer = request(code, 12);
        longer.put("endDate", clock.today().plusDays(20).toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> rules = (Map<String, Object>) longer.get("rules");
        rules.put("categoryMix", Map.of("fire", 1, "road-traffic", 4));
        update(id, longer).statusCode(200).body("endDate", equalTo(clock.today().plusDays(20).toString()))
                .body("rules.categoryMix.road-traffic", equalTo(4)).body("rulesLocked", equalTo(true));
    }

    @Test
    void attemptIsScoredByTheRulesItStartedUnder() {
        long id = create(request(code(), 10));
        setStatus(id, "ACTIVE").statusCode(200);
        Api.Session s = Api.player();
        String attempt = play.start(s, id);
        // A rule change behind the API's back (the API refuses it) must not reach the running attempt.
        db.update("update campaign set points_per_correct = 99 where id = ?", id);

        var last = play.playThrough(s, attempt, 3);

        assertThat(last.getInt("attempt.points")).isEqualTo(30);
    }

    @Test
    void anEditRacingWithStartsNeverLeavesAnAttemptOnOtherRules() throws Exception {
        String code = code();
        long id = create(request(code, 10));
        setStatus(id, "ACTIVE").statusCode(200);
        List<Api.Session> players = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            players.add(Api.player());
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        List<Integer> statuses = Concurrently.run(9, () -> {
            int i = next.getAndIncrement();
            if (i == 8) {
                return update(id, request(code, 25)).extract().statusCode();
            }
            return Api.as(players.get(i)).when().post("/api/v1/campaigns/{id}/attempts", id).then().extract()
                    .statusCode();
        });

        assertThat(statuses).allMatch(c -> c == 200 || c == 201 || c == 409);
        long finalPoints = db.count("select points_per_correct from campaign where id = ?", id);
        List<Map<String, Object>> rules = db.rows("select (rules->>'pointsPerCorrect')::int as p from attempt "
                + "where campaign_id = ?", id);
        assertThat(rules).hasSize(8);
        assertThat(rules).allSatisfy(r -> assertThat(((Number) r.get("p")).longValue()).isEqualTo(finalPoints));
    }

    @Test
    void activationNeedsEnoughQuestions() {
        Map<String, Object> body = request(code(), 10);
        @SuppressWarnings("unchecked")
        Map<String, Object> rules = (Map<String, Object>) body.get("rules");
        rules.put("questionsPerAttempt", 60);
        rules.put("categoryMix", Map.of("fire", 60));
        long id = create(body);

        setStatus(id, "ACTIVE").statusCode(409).body("code", equalTo("question-bank-too-small"));
    }

    @Test
    void badRequestsAreExplained() {
        Map<String, Object> mismatch = request(code(), 10);
        @SuppressWarnings("unchecked")
        Map<String, Object> rules = (Map<String, Object>) mismatch.get("rules");
        rules.put("categoryMix", Map.of("fire", 2));
        asAdmin(AdminTokens.national()).body(mismatch).when().post("/api/v1/admin/campaigns").then()
                .statusCode(400).body("code", equalTo("category-mix-mismatch"));

        Map<String, Object> unknown = request(code(), 10);
        ((Map<String, Object>) unknown.get("rules")).put("categoryMix", Map.of("cooking", 5));
        asAdmin(AdminTokens.national()).body(unknown).when().post("/api/v1/admin/campaigns").then()
                .statusCode(400).body("code", equalTo("category-unknown"));

        Map<String, Object> backwards = request(code(), 10);
        backwards.put("endDate", clock.today().minusDays(5).toString());
        asAdmin(AdminTokens.national()).body(backwards).when().post("/api/v1/admin/campaigns").then()
                .statusCode(400).body("code", equalTo("window-invalid"));

        String taken = code();
        create(request(taken, 10));
        asAdmin(AdminTokens.national()).body(request(taken, 10)).when().post("/api/v1/admin/campaigns").then()
                .statusCode(409).body("code", equalTo("campaign-code-taken"));
    }

    @Test
    void onlyTheNationalOfficeChangesCampaigns() {
        long id = create(request(code(), 10));
        String county = AdminTokens.region("110101");

        asAdmin(county).body(request(code(), 10)).when().post("/api/v1/admin/campaigns").then().statusCode(403);
        asAdmin(county).body(request(code(), 10)).when().put("/api/v1/admin/campaigns/{id}", id).then()
                .statusCode(403);
        asAdmin(county).body(Map.of("status", "ACTIVE")).when().post("/api/v1/admin/campaigns/{id}/status", id)
                .then().statusCode(403);
        asAdmin(county).when().get("/api/v1/admin/campaigns/{id}", id).then().statusCode(200);
        asAdmin(county).when().get("/api/v1/admin/campaigns").then().statusCode(200);
        Api.Session participant = Api.login(Api.newPhone());
        asAdmin(participant.accessToken()).when().get("/api/v1/admin/campaigns").then().statusCode(401);
        asAdmin(AdminTokens.national()).when().get("/api/v1/admin/campaigns/{id}", 987654).then().statusCode(404);
    }
}
