package anquanli.quiz.attempt;

import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ordinary answer is graded, recorded and advanced by one statement; every unusual case must leave that
 * statement without effect so that the general path can answer it.
 */
@QuarkusTest
class AnswerInOneStatementTest {

    @Inject
    Pool pool;
    @Inject
    AttemptRepository attempts;
    @Inject
    Play play;
    @Inject
    Db db;

    private AttemptRepository.Answered answer(String attempt, long participant, int idx, List<String> ids,
                                              boolean next) {
        return attempts.answerInOneStatement(pool, UUID.fromString(attempt), participant, idx, ids, Instant.now(),
                next).await().indefinitely();
    }

    private Map<String, Object> counts(String attempt) {
        return db.row("select answered_count, correct_count from attempt where id = ?", UUID.fromString(attempt));
    }

    @Test
    void theOrdinaryAnswerIsGradedRecordedAndAdvancedByOneStatement() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);
        List<String> right = new ArrayList<>(db.correctOptionIds(attempt, 1));

        AttemptRepository.Answered done = answer(attempt, s.participantId(), 0, right, true);

        assertThat(done).isNotNull();
        assertThat(done.answered().correct()).isTrue();
        assertThat(done.answered().timedOut()).isFalse();
        assertThat(done.attempt().answeredCount()).isEqualTo(1);
        assertThat(done.next().idx()).isEqualTo(1);
        assertThat(done.next().presentedAt()).isNotNull();
        assertThat(counts(attempt)).containsEntry("answered_count", 1).containsEntry("correct_count", 1);
        assertThat(db.count("select count(*) from attempt_question where attempt_id = ? and idx = 0 "
                + "and answered_at is not null and correct", UUID.fromString(attempt))).isEqualTo(1);
    }

    @Test
    void aWrongSelectionIsGradedWrongInSql() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        JsonPath q = play.current(s, attempt);
        List<String> wrong = play.wrongSelection(q, db.correctOptionIds(attempt, 1));

        AttemptRepository.Answered done = answer(attempt, s.participantId(), 0, wrong, false);

        assertThat(done.answered().correct()).isFalse();
        assertThat(done.next()).isNull();
        assertThat(counts(attempt)).containsEntry("answered_count", 1).containsEntry("correct_count", 0);
    }

    @Test
    void unusualCasesChangeNothingInTheOneStatement() {
        Api.Session s = Api.player();
        Api.Session other = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        JsonPath q = play.current(s, attempt);
        List<String> right = new ArrayList<>(db.correctOptionIds(attempt, 1));
        List<String> all = q.getList("options.id", String.class);

        assertThat(answer(attempt, other.participantId(), 0, right, false)).as("someone else's").isNull();
        assertThat(answer(attempt, s.participantId(), 1, List.of(all.get(0)), false)).as("out of order").isNull();
        assertThat(answer(attempt, s.participantId(), 0, List.of("notanoption"), false)).as("unknown id").isNull();
        assertThat(answer(attempt, s.participantId(), 0, List.of(), false)).as("nothing chosen").isNull();
        if (!q.getString("type").equals("MULTIPLE")) {
            assertThat(answer(attempt, s.participantId(), 0, all.subList(0, 2), false)).as("two for one").isNull();
        }
        assertThat(counts(attempt)).containsEntry("answered_count", 0);

        answer(attempt, s.participantId(), 0, right, false);
        assertThat(answer(attempt, s.participantId(), 0, right, false)).as("already answered").isNull();
        assertThat(answer(attempt, s.participantId(), 1, List.of(all.get(0)), false)).as("not shown yet").isNull();
        assertThat(counts(attempt)).containsEntry("answered_count", 1);
    }

    @Test
    void theLastQuestionIsLeftToTheClosingPath() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        int total = play.current(s, attempt).getInt("total");
        for (int i = 1; i < total; i++) {
            play.answerWithNext(s, attempt, i, new ArrayList<>(db.correctOptionIds(attempt, i))).statusCode(200);
        }

        assertThat(answer(attempt, s.participantId(), total - 1,
                new ArrayList<>(db.correctOptionIds(attempt, total)), false)).isNull();
        JsonPath last = play.answer(s, attempt, total, db.correctOptionIds(attempt, total)).statusCode(200)
                .extract().jsonPath();
        assertThat(last.getString("attempt.status")).isEqualTo("FINISHED");
        assertThat(last.getInt("attempt.points")).isPositive();
    }

    @Test
    void attemptsDrawnWithoutStoredKeysAreAnsweredByTheGeneralPath() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        // As if drawn before the keys were stored with each question.
        db.update("update attempt_question set option_ids = null, answer_ids = null, multiple = null "
                + "where attempt_id = ?", UUID.fromString(attempt));

        JsonPath last = play.playThrough(s, attempt, 6);

        assertThat(last.getString("attempt.status")).isEqualTo("FINISHED");
        assertThat(last.getInt("attempt.correctCount")).isEqualTo(6);
        assertThat(last.getInt("attempt.lotteryChances")).isEqualTo(1);
    }
}
