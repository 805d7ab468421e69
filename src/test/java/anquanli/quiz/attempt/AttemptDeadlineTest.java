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
/** Server deadlines, timeouts, closing of abandoned attempts, and the review of what was answered. */
class AttemptDeadlineTest {

    @Inject
    Db db;
    @Inject
    Play play;
    @Inject
    AppClock clock;
    @Inject
    AttemptCloser closer;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void lateAnswerIsRecordedAsATimeoutEvenIfRight() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);
        List<String> right = new ArrayList<>(db.correctOptionIds(attempt, 1));

        clock.shift(Duration.ofSeconds(31));
        JsonPath result = play.answer(s, attempt, 1, right).statusCode(200).extract().jsonPath();

        assertThat(result.getBoolean("correct")).isFalse();
        assertThat(result.getBoolean("timedOut")).isTrue();
        assertThat(result.getInt("attempt.correctCount")).isZero();
    }

    @Test
    void unansweredQuestionPastItsDeadlineIsSkippedAsATimeout() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);

        clock.shift(Duration.ofSeconds(31));
        JsonPath next = play.current(s, attempt);

        assertThat(next.getInt("index")).isEqualTo(2);
        Map<String, Object> first = db.row("select timed_out, correct from attempt_question where attempt_id = ? "
                + "and idx = 0", UUID.fromString(attempt));
        assertThat(first.get("timed_out")).isEqualTo(true);
        assertThat(first.get("correct")).isEqualTo(false);
    }

    @Test
    void abandonedAttemptIsClosedByTheServerWithItsPoints() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        for (int i = 1; i <= 2; i++) {
            play.current(s, attempt);
            play.answer(s, attempt, i, db.correctOptionIds(attempt, i)).statusCode(200);
        }

        clock.shift(Duration.ofMinutes(15));
        int closed = closer.expireOverdue(1000).await().atMost(Duration.ofSeconds(30));

        assertThat(closed).isPositive();
        as(s).when().get("/api/v1/attempts/{id}", attempt).then().statusCode(200)
                .body("status", equalTo("EXPIRED"))
                .body("correctCount", equalTo(2))
                .body("points", equalTo(20));
        assertThat(db.count("select points from points_ledger where attempt_id = ?", UUID.fromString(attempt)))
                .isEqualTo(20);
        assertThat(db.count("select count(*) from attempt_question where attempt_id = ? and timed_out",
                UUID.fromString(attempt))).isEqualTo(13);
    }

    @Test
    void overdueAttemptIsClosedWhenItIsNextRead() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());

        clock.shift(Duration.ofMinutes(15));

        as(s).when().get("/api/v1/attempts/{id}/questions/current", attempt).then().statusCode(409)
                .body("code", equalTo("attempt-finished"));
        assertThat(db.count("select count(*) from points_ledger where attempt_id = ?", UUID.fromString(attempt)))
                .isEqualTo(1);
    }

    @Test
    void reviewShowsOnlyWhatWasAnsweredWhileTheAttemptRuns() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        for (int i = 1; i <= 2; i++) {
            play.current(s, attempt);
            play.answer(s, attempt, i, db.correctOptionIds(attempt, i)).statusCode(200);
        }
        String third = play.current(s, attempt).getString("stem");

        String body = as(s).when().get("/api/v1/attempts/{id}/review", attempt).then().statusCode(200)
                .body("items.index", org.hamcrest.Matchers.contains(1, 2))
                .body("items.correct", org.hamcrest.Matchers.contains(true, true))
                .extract().asString();
        assertThat(body).doesNotContain(third);
        assertThat(new HashSet<>(JsonPath.from(body).getList("items[1].correctOptionIds", String.class)))
                .isEqualTo(db.correctOptionIds(attempt, 2));
    }

    @Test
    void reviewOfAClosedAttemptCoversEveryQuestion() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);
        play.answer(s, attempt, 1, db.correctOptionIds(attempt, 1)).statusCode(200);
        clock.shift(Duration.ofMinutes(15));

        as(s).when().get("/api/v1/attempts/{id}/review", attempt).then().statusCode(200)
                .body("attempt.status", equalTo("EXPIRED"))
                .body("items", org.hamcrest.Matchers.hasSize(15))
                .body("items[0].answered", equalTo(true))
                .body("items[14].answered", equalTo(false))
                .body("items[14].timedOut", equalTo(true));
        as(Api.player()).when().get("/api/v1/attempts/{id}/review", attempt).then().statusCode(404);
    }
}
