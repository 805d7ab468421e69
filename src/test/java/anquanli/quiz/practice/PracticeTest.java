package anquanli.quiz.practice;

import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import anquanli.quiz.attempt.Grading;
import anquanli.quiz.bank.QuestionCatalog;
import anquanli.quiz.bank.QuestionContent;
import io.quarkus.redis.datasource.RedisDataSource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static anquanli.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Practice mode: graded at once, answered in order and once, counted nowhere, limited per participant. */
@QuarkusTest
class PracticeTest {

    @Inject
    Db db;
    @Inject
    PracticeRepository sessions;
    @Inject
    QuestionCatalog catalog;
    @Inject
    RedisDataSource redis;

    @Test
    void categoriesListEveryEnabledCategoryWithItsQuestions() {
        JsonPath body = as(Api.player()).when().get("/api/v1/practice-categories").then().statusCode(200)
                .extract().jsonPath();
        long fire = db.count("select count(*) from question where enabled and category = 'fire'");
        assertThat(fire).isPositive();
        assertThat(body.getInt("find { it.code == 'fire' }.questions")).isEqualTo((int) fire);
        assertThat(body.getString("find { it.code == 'fire' }.name")).isEqualTo("消防安全");
        assertThat(body.getList("code", String.class)).isSorted();
    }

    @Test
    void aSessionIsGradedAtOnceWithExplanationsAndCountsNowhere() {
        Api.Session s = Api.player();
        long campaign = Api.currentCampaignId();
        String ranksBefore = as(s).queryParam("campaign", campaign).when().get("/api/v1/me/ranks").then()
                .statusCode(200).extract().asString();

        JsonPath started = start(s, Map.of("category", "fire", "size", 5)).statusCode(201).extract().jsonPath();
        String id = started.getString("id");
        assertThat(started.getInt("total")).isEqualTo(5);
        assertThat(started.getString("categoryName")).isEqualTo("消防安全");
        assertThat(started.getBoolean("finished")).isFalse();
        assertThat(started.getInt("question.index")).isEqualTo(1);

        for (int i = 1; i <= 5; i++) {
            JsonPath session = as(s).when().get("/api/v1/practice-sessions/{id}", id).then().statusCode(200)
                    .extract().jsonPath();
            assertThat(session.getString("question.category")).isEqualTo("fire");
            assertThat(session.getInt("question.index")).isEqualTo(i);
            boolean right = i % 2 == 1;
            List<String> pick = right ? rightOptions(id, i) : wrongOptions(id, i);
            JsonPath result = answer(s, id, i, pick).statusCode(200).extract().jsonPath();
            assertThat(result.getBoolean("correct")).isEqualTo(right);
            assertThat(result.getList("correctOptionIds", String.class))
                    .containsExactlyInAnyOrderElementsOf(rightOptions(id, i));
            assertThat(result.getString("explanation")).isNotBlank();
            assertThat(result.getInt("session.answered")).isEqualTo(i);
            if (i < 5) {
                assertThat(result.getInt("session.question.index")).isEqualTo(i + 1);
            } else {
                assertThat(result.getBoolean("session.finished")).isTrue();
                assertThat(result.getInt("session.correct")).isEqualTo(3);
                assertThat(result.getMap("session")).doesNotContainKey("question");
            }
        }

        // Nothing of it reached the competition: no attempt, no points, no chance, no rank; the day's challenge is
        // still there to play.
        assertThat(db.count("select count(*) from attempt where participant_id = ?", s.participantId())).isZero();
        assertThat(db.count("select count(*) from points_ledger where participant_id = ?", s.participantId())).isZero();
        assertThat(db.count("select count(*) from lottery_chance where participant_id = ?", s.participantId())).isZero();
        assertThat(as(s).queryParam("campaign", campaign).when().get("/api/v1/me/ranks").then().statusCode(200)
                .extract().asString()).isEqualTo(ranksBefore);
        as(s).when().post("/api/v1/campaigns/{id}/attempts", campaign).then().statusCode(201);
    }

    @Test
    void theSameAnswerAgainGetsTheSameResultAndAnotherIsRefused() {
        Api.Session s = Api.player();
        String id = start(s, Map.of("category", "fire", "size", 3)).statusCode(201).extract().path("id");
        List<String> wrong = wrongOptions(id, 1);
        JsonPath first = answer(s, id, 1, wrong).statusCode(200).extract().jsonPath();
        JsonPath again = answer(s, id, 1, wrong).statusCode(200).extract().jsonPath();
        assertThat(again.getBoolean("correct")).isFalse();
        assertThat(again.getList("selectedOptionIds")).isEqualTo(first.getList("selectedOptionIds"));
        assertThat(again.getInt("session.answered")).isEqualTo(1);

        answer(s, id, 1, rightOptions(id, 1)).statusCode(409).body("type", equalTo(
                "https://anquanli.example/problems/already-answered")).body("index", equalTo(1));
    }

    @Test
    void parallelAnswersToOneQuestionRecordOnlyOne() throws Exception {
        Api.Session s = Api.player();
        String id = start(s, Map.of("category", "fire", "size", 3)).statusCode(201).extract().path("id");
        List<String> right = rightOptions(id, 1);
        List<String> wrong = wrongOptions(id, 1);
        AtomicInteger n = new AtomicInteger();

        List<Integer> statuses = Concurrently.run(20, () -> answer(s, id, 1, n.getAndIncrement() % 2 == 0 ? right : wrong)
                .extract().statusCode());

        // One answer was recorded; the ten sending the same selection got its result, the other ten a 409.
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(x -> x == 200).count()).isEqualTo(10);
        PracticeRepository.Stored stored = sessions.find(UUID.fromString(id)).await().atMost(Duration.ofSeconds(5));
        assertThat(stored.answers()).containsOnlyKeys(1);
        as(s).when().get("/api/v1/practice-sessions/{id}", id).then().statusCode(200)
                .body("answered", equalTo(1)).body("question.index", equalTo(2));
    }

    @Test
    void questionsAreAnsweredInOrderWithOptionsOfTheirOwn() {
        Api.Session s = Api.player();
        String id = start(s, Map.of("category", "fire", "size", 3)).statusCode(201).extract().path("id");
        answer(s, id, 2, rightOptions(id, 2)).statusCode(409)
                .body("type", equalTo("https://anquanli.example/problems/question-out-of-order"));
        answer(s, id, 4, rightOptions(id, 1)).statusCode(400)
                .body("type", equalTo("https://anquanli.example/problems/index-out-of-range"));
        answer(s, id, 1, List.of("notanoption")).statusCode(400)
                .body("type", equalTo("https://anquanli.example/problems/option-invalid"));
        answer(s, id, 1, List.of()).statusCode(400)
                .body("type", equalTo("https://anquanli.example/problems/option-invalid"));
        as(s).when().get("/api/v1/practice-sessions/{id}", id).then().statusCode(200).body("answered", equalTo(0));
    }

    @Test
    void sessionsAreTheirOwnersAndExpire() {
        Api.Session a = Api.player();
        Api.Session b = Api.player();
        String id = start(a, Map.of("category", "fire", "size", 2)).statusCode(201).extract().path("id");
        as(b).when().get("/api/v1/practice-sessions/{id}", id).then().statusCode(404);
        answer(b, id, 1, rightOptions(id, 1)).statusCode(404);
        Api.bad().when().get("/api/v1/practice-sessions/{id}", id).then().statusCode(401);
        Api.bad().when().get("/api/v1/practice-categories").then().statusCode(401);
        // Kept in Redis with its lifetime, not for ever.
        long ttl = redis.key().pttl("practice:{" + id + "}");
        assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(2).toMillis());
        as(a).when().get("/api/v1/practice-sessions/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void startsWithoutACategoryDrawFromTheWholeBankAndBadChoicesAreRefused() {
        Api.Session s = Api.player();
        JsonPath whole = as(s).contentType(ContentType.JSON).when().post("/api/v1/practice-sessions").then()
                .statusCode(201).extract().jsonPath();
        assertThat(whole.getInt("total")).isEqualTo(10);
        assertThat(whole.getString("category")).isNull();
        start(s, Map.of("category", "no-such-thing")).statusCode(422)
                .body("type", equalTo("https://anquanli.example/problems/category-unavailable"))
                .body("category", equalTo("no-such-thing"));
        start(s, Map.of("size", 21)).statusCode(400)
                .body("type", equalTo("https://anquanli.example/problems/size-invalid"));
        Api.badAs(s).contentType(ContentType.JSON).body(Map.of("size", 0)).when().post("/api/v1/practice-sessions")
                .then().statusCode(400).body("type", equalTo("https://anquanli.example/problems/validation-failed"));
    }

    @Test
    void startingIsLimitedPerParticipantPerHour() {
        Api.Session s = Api.player();
        for (int i = 0; i < 30; i++) {
            start(s, Map.of("size", 1)).statusCode(201);
        }
        start(s, Map.of("size", 1)).statusCode(429).header("Retry-After", notNullValue())
                .body("type", equalTo("https://anquanli.example/problems/too-many-requests"));
        // Another participant is not held back by it.
        start(Api.player(), Map.of("size", 1)).statusCode(201);
    }

    private static ValidatableResponse start(Api.Session s, Map<String, Object> body) {
        return as(s).contentType(ContentType.JSON).body(body).when().post("/api/v1/practice-sessions").then();
    }

    private static ValidatableResponse answer(Api.Session s, String id, int index, List<String> optionIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("index", index);
        body.put("optionIds", optionIds);
        return as(s).contentType(ContentType.JSON).body(body).when()
                .post("/api/v1/practice-sessions/{id}/answers", id).then();
    }

    /** The ids shown for the right options of question {@code index}, from the session as stored. */
    private List<String> rightOptions(String id, int index) {
        PracticeRepository.Item item = item(id, index);
        QuestionContent q = catalog.version(item.questionId(), item.version()).await().atMost(Duration.ofSeconds(5));
        return Grading.correctIds(q, item.options());
    }

    /** A selection that is wrong: one option that is not part of the key. */
    private List<String> wrongOptions(String id, int index) {
        List<String> right = rightOptions(id, index);
        List<String> wrong = new ArrayList<>();
        for (Grading.ShownOption o : item(id, index).options()) {
            if (!right.contains(o.id())) {
                wrong.add(o.id());
                break;
            }
        }
        return wrong;
    }

    private PracticeRepository.Item item(String id, int index) {
        return sessions.find(UUID.fromString(id)).await().atMost(Duration.ofSeconds(5)).session().items()
                .get(index - 1);
    }
}
