package anquanli.quiz.attempt;

import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import anquanli.Play;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Answers racing each other: the same answer sent many times, and many attempts' answers sharing statements. */
@QuarkusTest
class ConcurrentAnswersTest {

    @Inject
    Db db;
    @Inject
    Play play;

    @Test
    void parallelIdenticalAnswersAreCountedOnce() throws Exception {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);
        List<String> right = new ArrayList<>(db.correctOptionIds(attempt, 1));

        List<Integer> statuses = Concurrently.run(20,
                () -> play.answer(s, attempt, 1, right).extract().statusCode());

        assertThat(statuses).containsOnly(200);
        Map<String, Object> a = db.row("select answered_count, correct_count from attempt where id = ?",
                UUID.fromString(attempt));
        assertThat(a.get("answered_count")).isEqualTo(1);
        assertThat(a.get("correct_count")).isEqualTo(1);
    }

    @Test
    void answersToManyAttemptsAtOnceEachGetTheirOwnResult() throws Exception {
        // At peak, answers of different attempts share one read and one write statement; each must still come back
        // with its own grading, counts and next question.
        int players = 16;
        long campaign = Api.currentCampaignId();
        List<Api.Session> sessions = new ArrayList<>();
        List<String> attempts = new ArrayList<>();
        List<List<String>> picks = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            Api.Session s = Api.player();
            String attempt = play.start(s, campaign);
            JsonPath q = play.current(s, attempt);
            Set<String> right = db.correctOptionIds(attempt, 1);
            sessions.add(s);
            attempts.add(attempt);
            picks.add(i % 2 == 0 ? new ArrayList<>(right) : play.wrongSelection(q, right));
        }
        AtomicInteger next = new AtomicInteger();

        List<Map.Entry<Integer, JsonPath>> results = Concurrently.run(players, () -> {
            int i = next.getAndIncrement();
            return Map.entry(i, play.answerWithNext(sessions.get(i), attempts.get(i), 1, picks.get(i))
                    .statusCode(200).extract().jsonPath());
        });

        assertThat(results).hasSize(players);
        for (Map.Entry<Integer, JsonPath> r : results) {
            int i = r.getKey();
            JsonPath body = r.getValue();
            boolean shouldBeRight = i % 2 == 0;
            assertThat(body.getInt("index")).isEqualTo(1);
            assertThat(body.getBoolean("correct")).isEqualTo(shouldBeRight);
            assertThat(body.getString("attempt.id")).isEqualTo(attempts.get(i));
            assertThat(body.getInt("attempt.answeredCount")).isEqualTo(1);
            assertThat(body.getInt("attempt.correctCount")).isEqualTo(shouldBeRight ? 1 : 0);
            assertThat(body.getInt("next.index")).isEqualTo(2);
            Map<String, Object> row = db.row("select answered_count, correct_count from attempt where id = ?",
                    UUID.fromString(attempts.get(i)));
            assertThat(row.get("answered_count")).isEqualTo(1);
            assertThat(row.get("correct_count")).isEqualTo(shouldBeRight ? 1 : 0);
            assertThat(db.count("select count(*) from attempt_question where attempt_id = ? and idx = 1 "
                    + "and presented_at is not null and answered_at is null", UUID.fromString(attempts.get(i))))
                    .isEqualTo(1);
        }
    }
}
