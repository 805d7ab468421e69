package anquanli.quiz.attempt;

import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import anquanli.quiz.attempt.AttemptRepository.AnswerWrite;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Answers graded from the question this instance holds for the attempt ({@link NextQuestionCache}) while
 * PostgreSQL has moved on: another instance answered that question, or the attempt was closed. The held entry must
 * never produce a second count or an answer recorded on a closed attempt.
 */
@QuarkusTest
class HeldQuestionAnswerTest {

    @Inject
    Db db;
    @Inject
    Play play;
    @Inject
    NextQuestionCache held;
    @Inject
    AttemptRepository attempts;
    @Inject
    Pool pool;

    @Test
    void aQuestionAnsweredElsewhereIsReplayedNotCountedTwice() {
        Api.Session s = Api.player();
        String attempt = questionTwoHeld(s);
        UUID id = UUID.fromString(attempt);
        List<String> right = new ArrayList<>(db.correctOptionIds(attempt, 2));

        // Another instance records the answer to question 2 (its own statement, not through this one's cache).
        List<AttemptRepository.WithSlot> written = attempts.recordAndAdvanceAll(pool,
                List.of(new AnswerWrite(id, 1, right, true, false, Instant.now(), null))).await().indefinitely();
        assertThat(written.get(0)).isNotNull();

        JsonPath replayed = play.answer(s, attempt, 2, right).statusCode(200).extract().jsonPath();
        assertThat(replayed.getBoolean("correct")).isTrue();
        assertThat(replayed.getInt("attempt.answeredCount")).isEqualTo(2);
        play.answer(s, attempt, 2, otherThan(attempt, 2, Set.copyOf(right))).statusCode(409)
                .body("code", equalTo("already-answered"));
        Map<String, Object> row = db.row("select answered_count, correct_count from attempt where id = ?", id);
        assertThat(row.get("answered_count")).isEqualTo(2);
        assertThat(row.get("correct_count")).isEqualTo(2);
    }

    @Test
    void anAttemptClosedElsewhereRefusesTheAnswerAndRecordsNothing() {
        Api.Session s = Api.player();
        String attempt = questionTwoHeld(s);
        UUID id = UUID.fromString(attempt);

        db.update("update attempt set status = 'EXPIRED', finished_at = now() where id = ?", id);

        play.answer(s, attempt, 2, db.correctOptionIds(attempt, 2)).statusCode(409)
                .body("code", equalTo("attempt-finished"));
        assertThat(db.row("select answered_count from attempt where id = ?", id).get("answered_count")).isEqualTo(1);
        assertThat(db.count("select count(*) from attempt_question where attempt_id = ? and answered_at is not null",
                id)).isEqualTo(1);
    }

    @Test
    void someoneElsesAnswerIsNotFoundAndLeavesTheHeldQuestion() {
        Api.Session s = Api.player();
        String attempt = questionTwoHeld(s);

        play.answer(Api.player(), attempt, 2, db.correctOptionIds(attempt, 2)).statusCode(404);

        assertThat(held.holds(UUID.fromString(attempt), 1)).isTrue();
        play.answer(s, attempt, 2, db.correctOptionIds(attempt, 2)).statusCode(200).body("correct", equalTo(true));
    }

    @Test
    void everyAnswerGradedFromAHeldQuestionCountsRight() {
        // Questions 2 to 15 are all answered from the held entry; a right and a wrong answer must each count as such.
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);
        UUID id = UUID.fromString(attempt);
        int correct = 0;
        for (int i = 1; i <= 15; i++) {
            Set<String> right = db.correctOptionIds(attempt, i);
            boolean answerRight = i % 3 != 0;
            if (i > 1) {
                assertThat(held.holds(id, i - 1)).isTrue();
            }
            JsonPath r = play.answerWithNext(s, attempt, i, answerRight ? right : otherThan(attempt, i, right))
                    .statusCode(200).extract().jsonPath();
            assertThat(r.getBoolean("correct")).isEqualTo(answerRight);
            correct += answerRight ? 1 : 0;
            assertThat(r.getInt("attempt.correctCount")).isEqualTo(correct);
        }
        assertThat(held.holds(id, 15)).isFalse();
        assertThat(db.row("select status from attempt where id = ?", id)).containsEntry("status", "FINISHED");
        assertThat(db.count("select correct_count from attempt where id = ?", id)).isEqualTo(10);
    }

    /** A fresh attempt with question 1 answered through the app, so this instance holds question 2. */
    private String questionTwoHeld(Api.Session s) {
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);
        play.answerWithNext(s, attempt, 1, db.correctOptionIds(attempt, 1)).statusCode(200);
        assertThat(held.holds(UUID.fromString(attempt), 1)).isTrue();
        return attempt;
    }

    /** One option of the question that is not in its key. */
    private List<String> otherThan(String attempt, int index, Set<String> right) {
        String shown = (String) db.row("select option_order::text as o from attempt_question where attempt_id = ? "
                + "and idx = ?", UUID.fromString(attempt), (short) (index - 1)).get("o");
        return List.of(JsonPath.from(shown).getList("id", String.class).stream().filter(o -> !right.contains(o))
                .findFirst().orElseThrow());
    }
}
