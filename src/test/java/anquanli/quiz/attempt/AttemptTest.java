package anquanli.quiz.attempt;

import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import anquanli.common.AppClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static anquanli.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class AttemptTest {

    @Inject
    Db db;
    @Inject
    Play play;
    @Inject
    AppClock clock;
    @Inject
    AttemptService service;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void fullAttemptEndsWithSummaryPointsAndChances() {
        Api.Session s = Api.player();
        long campaign = Api.currentCampaignId();
        String attempt = play.start(s, campaign);

        JsonPath last = play.playThrough(s, attempt, 7);

        assertThat(last.getInt("index")).isEqualTo(15);
        assertThat(last.getString("attempt.status")).isEqualTo("FINISHED");
        assertThat(last.getInt("attempt.correctCount")).isEqualTo(7);
        assertThat(last.getInt("attempt.points")).isEqualTo(70);
        assertThat(last.getInt("attempt.lotteryChances")).isEqualTo(1);
        as(s).when().get("/api/v1/attempts/{id}", attempt).then().statusCode(200)
                .body("status", equalTo("FINISHED"))
                .body("answeredCount", equalTo(15))
                .body("perfect", equalTo(false));
        as(s).when().get("/api/v1/attempts/{id}/questions/current", attempt).then().statusCode(409)
                .body("code", equalTo("attempt-finished"));
    }

    @Test
    void perfectAttemptEarnsTheBonusAndTheDailyChanceCap() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());

        JsonPath last = play.playThrough(s, attempt, 15);

        assertThat(last.getInt("attempt.points")).isEqualTo(15 * 10 + 20);
        assertThat(last.getInt("attempt.lotteryChances")).isEqualTo(3);
        assertThat(last.getBoolean("attempt.perfect")).isTrue();
    }

    @Test
    void theDailyChanceCapSpansTheDaysAttempts() {
        // Two attempts a day of 5 questions, a chance per 2 correct answers, at most 3 chances a day.
        long campaign = play.shortCampaign(2);
        Api.Session s = Api.player();

        JsonPath first = play.playThrough(s, play.start(s, campaign), 5);
        JsonPath second = play.playThrough(s, play.start(s, campaign), 5);

        assertThat(first.getInt("attempt.lotteryChances")).as("2 of the day's 3").isEqualTo(2);
        assertThat(second.getInt("attempt.lotteryChances")).as("the 1 left of the day's 3, not 2").isEqualTo(1);
        assertThat(second.getInt("attempt.points")).isEqualTo(50);
        clock.shift(Duration.ofDays(1));
        JsonPath nextDay = play.playThrough(s, play.start(s, campaign), 4);
        assertThat(nextDay.getInt("attempt.lotteryChances")).as("a new day, a new cap").isEqualTo(2);
    }

    @Test
    void finishedAttemptCreditsParticipantUnitAndEveryRegionLevelInOneLedgerRow() {
        long unit = db.count("insert into unit (name, region_code) values (?, '110101') returning id",
                "东城区测试单位" + UUID.randomUUID());
        Api.Session s = Api.player("110101001", unit);
        String attempt = play.start(s, Api.currentCampaignId());
        play.playThrough(s, attempt, 5);

        Map<String, Object> row = db.row("select * from points_ledger where attempt_id = ?", UUID.fromString(attempt));
        assertThat(row.get("participant_id")).isEqualTo(s.participantId());
        assertThat(row.get("points")).isEqualTo(50);
        assertThat(row.get("unit_id")).isEqualTo(unit);
        assertThat(row.get("province_code")).isEqualTo("11");
        assertThat(row.get("city_code")).isEqualTo("1101");
        assertThat(row.get("county_code")).isEqualTo("110101");
        assertThat(row.get("town_code")).isEqualTo("110101001");
        assertThat(row.get("local_day")).isEqualTo(java.sql.Date.valueOf(clock.today()));
    }

    @Test
    void countyParticipantIsCreditedWithoutTown() {
        Api.Session s = Api.player("310115", null);
        String attempt = play.start(s, Api.currentCampaignId());
        play.playThrough(s, attempt, 0);

        Map<String, Object> row = db.row("select * from points_ledger where attempt_id = ?", UUID.fromString(attempt));
        assertThat(row.get("points")).isEqualTo(0);
        assertThat(row.get("county_code")).isEqualTo("310115");
        assertThat(row.get("town_code")).isNull();
        assertThat(row.get("province_code")).isEqualTo("31");
    }

    @Test
    void secondAttemptSameDayIsRefusedAndNextDayIsAllowed() {
        Api.Session s = Api.player();
        long campaign = Api.currentCampaignId();
        play.start(s, campaign);

        as(s).when().post("/api/v1/campaigns/{id}/attempts", campaign).then().statusCode(409)
                .body("code", equalTo("daily-limit-reached"))
                .body("type", equalTo("https://anquanli.example/problems/daily-limit-reached"));

        clock.shift(Duration.ofDays(1));
        play.start(s, campaign);
    }

    @Test
    void attemptNeedsACompleteProfile() {
        Api.Session s = Api.login(Api.newPhone());
        as(s).when().post("/api/v1/campaigns/{id}/attempts", Api.currentCampaignId()).then().statusCode(409)
                .body("code", equalTo("profile-incomplete"));
    }

    @Test
    void unknownCampaignIsNotFound() {
        as(Api.player()).when().post("/api/v1/campaigns/{id}/attempts", 999_999).then().statusCode(404)
                .body("code", equalTo("not-found"));
    }

    @Test
    void attemptOutsideTheCampaignWindowIsRefused() {
        Api.Session s = Api.player();
        long campaign = Api.currentCampaignId();
        clock.shift(Duration.ofDays(60));
        as(s).when().post("/api/v1/campaigns/{id}/attempts", campaign)
                .then().statusCode(409).body("code", equalTo("campaign-not-open"));
    }

    @Test
    void drawFollowsTheCategoryMixWithoutRepeats() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());

        List<Map<String, Object>> drawn = db.rows("select v.question_id, v.category from attempt_question aq "
                + "join question_version v on v.question_id = aq.question_id and v.version = aq.question_version "
                + "where aq.attempt_id = ?", UUID.fromString(attempt));
        Map<String, Integer> mix = Api.api().get("/api/v1/campaigns/current").jsonPath().getMap("rules.categoryMix");

        assertThat(drawn).hasSize(15);
        assertThat(drawn.stream().map(r -> r.get("question_id")).distinct().count()).isEqualTo(15);
        for (Map.Entry<String, Integer> e : mix.entrySet()) {
            assertThat(drawn.stream().filter(r -> r.get("category").equals(e.getKey())).count())
                    .as("questions of %s", e.getKey()).isEqualTo(e.getValue().longValue());
        }
    }

    @Test
    void laterAttemptsPreferQuestionsNotSeenYet() {
        Api.Session s = Api.player();
        long campaign = Api.currentCampaignId();
        Set<Object> seen = new HashSet<>();
        for (int day = 0; day < 3; day++) {
            String attempt = play.start(s, campaign);
            List<Object> ids = db.rows("select question_id from attempt_question where attempt_id = ?",
                    UUID.fromString(attempt)).stream().map(r -> r.get("question_id")).toList();
            // Every category has more than three attempts' worth of questions, so nothing repeats yet.
            assertThat(ids).as("day %d repeats nothing of %s", day, seen).allMatch(id -> !seen.contains(id));
            seen.addAll(ids);
            clock.shift(Duration.ofDays(1));
        }
        assertThat(seen).hasSize(45);
    }

    @Test
    void currentQuestionNeverRevealsTheAnswer() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());

        String body = as(s).when().get("/api/v1/attempts/{id}/questions/current", attempt)
                .then().statusCode(200).extract().asString();
        JsonPath q = JsonPath.from(body);

        assertThat(q.getMap("$").keySet()).containsExactlyInAnyOrder("attemptId", "index", "total", "type",
                "category", "categoryName", "stem", "options", "presentedAt", "deadline", "serverTime",
                "secondsPerQuestion");
        assertThat(body).doesNotContain("\"answer").doesNotContain("\"correct").doesNotContain("explanation")
                .doesNotContain("\"key\"");
        List<String> ids = q.getList("options.id", String.class);
        assertThat(ids).allMatch(id -> id.matches("[a-z2-9]{8}"));
        // The ids are random per attempt: the same question shown to someone else has other ids.
        Set<String> right = db.correctOptionIds(attempt, 1);
        assertThat(ids).containsAll(right);
        String attemptView = as(s).when().get("/api/v1/attempts/{id}", attempt).then().extract().asString();
        for (String id : ids) {
            assertThat(attemptView).doesNotContain(id);
        }
    }

    @Test
    void answerRevealsKeyExplanationAndReference() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        JsonPath q = play.current(s, attempt);
        Set<String> right = db.correctOptionIds(attempt, 1);

        JsonPath result = play.answer(s, attempt, 1, play.wrongSelection(q, right)).statusCode(200).extract().jsonPath();

        assertThat(result.getBoolean("correct")).isFalse();
        assertThat(result.getBoolean("timedOut")).isFalse();
        assertThat(new HashSet<>(result.getList("correctOptionIds", String.class))).isEqualTo(right);
        assertThat(result.getString("explanation")).isNotBlank();
        assertThat(result.getInt("attempt.answeredCount")).isEqualTo(1);
    }

    @Test
    void answerWithNextPresentsTheFollowingQuestionInTheSameResponse() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        JsonPath q = play.current(s, attempt);
        int total = q.getInt("total");

        JsonPath result = null;
        for (int i = 1; i <= total; i++) {
            List<String> right = new ArrayList<>(db.correctOptionIds(attempt, i));
            result = play.answerWithNext(s, attempt, i, right).statusCode(200).extract().jsonPath();
            if (i < total) {
                // The next question comes presented: its clock runs, and GET current shows the very same one.
                assertThat(result.getInt("next.index")).isEqualTo(i + 1);
                assertThat(result.getString("next.presentedAt")).isNotNull();
                assertThat(db.count("select count(*) from attempt_question where attempt_id = ? and idx = ? "
                        + "and presented_at is not null", UUID.fromString(attempt), (short) i)).isEqualTo(1);
                JsonPath shown = play.current(s, attempt);
                assertThat(shown.getMap("$")).containsAllEntriesOf(Map.of("index", i + 1,
                        "stem", result.getString("next.stem"), "deadline", result.getString("next.deadline")));
                assertThat(shown.getList("options.id")).isEqualTo(result.getList("next.options.id"));
            }
        }

        assertThat((Object) result.get("next")).isNull();
        assertThat(result.getString("attempt.status")).isEqualTo("FINISHED");
        assertThat(result.getInt("attempt.correctCount")).isEqualTo(total);
    }

    @Test
    void answerWithoutNextLeavesTheFollowingQuestionUnshown() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);

        JsonPath result = play.answer(s, attempt, 1, new ArrayList<>(db.correctOptionIds(attempt, 1)))
                .statusCode(200).extract().jsonPath();

        assertThat((Object) result.get("next")).isNull();
        assertThat(db.count("select count(*) from attempt_question where attempt_id = ? and idx = 1 "
                + "and presented_at is null", UUID.fromString(attempt))).isEqualTo(1);
    }

    @Test
    void retriedAnswerWithNextGetsTheSameNextQuestion() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);
        List<String> right = new ArrayList<>(db.correctOptionIds(attempt, 1));

        JsonPath first = play.answerWithNext(s, attempt, 1, right).statusCode(200).extract().jsonPath();
        JsonPath retry = play.answerWithNext(s, attempt, 1, right).statusCode(200).extract().jsonPath();

        assertThat(retry.getMap("next")).containsEntry("index", 2)
                .containsEntry("deadline", first.getString("next.deadline"))
                .containsEntry("presentedAt", first.getString("next.presentedAt"));
        assertThat(retry.getInt("attempt.answeredCount")).isEqualTo(1);
    }

    @Test
    void sameAnswerTwiceGivesTheSameResultAndAnotherAnswerIsRefused() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        JsonPath q = play.current(s, attempt);
        List<String> right = new ArrayList<>(db.correctOptionIds(attempt, 1));

        String first = play.answer(s, attempt, 1, right).statusCode(200).extract().asString();
        String again = play.answer(s, attempt, 1, right).statusCode(200).extract().asString();

        assertThat(JsonPath.from(again).getBoolean("correct")).isTrue();
        assertThat(JsonPath.from(again).getMap("$")).isEqualTo(JsonPath.from(first).getMap("$"));
        play.answer(s, attempt, 1, play.wrongSelection(q, Set.copyOf(right))).statusCode(409)
                .body("code", equalTo("already-answered"));
        assertThat(db.count("select correct_count from attempt where id = ?", UUID.fromString(attempt))).isEqualTo(1);
    }

    @Test
    void answersMustFollowTheShownQuestion() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());

        play.answer(s, attempt, 1, List.of("abcdefgh")).statusCode(409).body("code", equalTo("question-not-presented"));
        JsonPath q = play.current(s, attempt);
        play.answer(s, attempt, 2, List.of("abcdefgh")).statusCode(409).body("code", equalTo("question-out-of-order"));
        play.answer(s, attempt, 16, List.of("abcdefgh")).statusCode(400).body("code", equalTo("index-out-of-range"));
        play.answer(s, attempt, 1, List.of("zzzzzzzz")).statusCode(400).body("code", equalTo("option-invalid"));
        List<String> ids = q.getList("options.id", String.class);
        if (!"MULTIPLE".equals(q.getString("type"))) {
            play.answer(s, attempt, 1, ids.subList(0, 2)).statusCode(400).body("code", equalTo("option-invalid"));
        }
        play.answer(s, attempt, 1, List.of()).statusCode(400).body("code", equalTo("option-invalid"));
        assertThat(db.count("select answered_count from attempt where id = ?", UUID.fromString(attempt))).isZero();
    }

    @Test
    void someoneElsesAttemptIsNotFound() {
        Api.Session owner = Api.player();
        String attempt = play.start(owner, Api.currentCampaignId());
        Api.Session other = Api.player();

        as(other).when().get("/api/v1/attempts/{id}", attempt).then().statusCode(404);
        as(other).when().get("/api/v1/attempts/{id}/questions/current", attempt).then().statusCode(404);
        play.answer(other, attempt, 1, List.of("abcdefgh")).statusCode(404);
    }

    @Test
    void attemptsNeedAToken() {
        Api.bad().when().post("/api/v1/campaigns/{id}/attempts", Api.currentCampaignId()).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
        Api.api().header("Authorization", "Bearer not-a-token").when().get("/api/v1/me/attempts").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }

    @Test
    void myAttemptsListsNewestFirst() {
        Api.Session s = Api.player();
        long campaign = Api.currentCampaignId();
        String first = play.start(s, campaign);
        clock.shift(Duration.ofDays(1));
        String second = play.start(s, campaign);

        as(s).queryParam("campaign", campaign).when().get("/api/v1/me/attempts").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items[0].id", equalTo(second))
                .body("items[1].id", equalTo(first));
    }

    @Test
    void malformedAnswerBodyIsAProblemNotAnError() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        Api.badAs(s).contentType(ContentType.JSON).body("{\"index\":").when()
                .post("/api/v1/attempts/{id}/answers", attempt).then().statusCode(400)
                .contentType("application/problem+json");
        Api.badAs(s).contentType(ContentType.JSON).body("{\"optionIds\":[\"x\"]}").when()
                .post("/api/v1/attempts/{id}/answers", attempt).then().statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors.field", org.hamcrest.Matchers.hasItem("index"));
    }
}
