package anquanli.quiz.attempt;

import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The answer loop through the API with ordinary answers recorded by one statement (the switch on). */
@QuarkusTest
@TestProfile(OneStatementAnswersOnTest.On.class)
class OneStatementAnswersOnTest {

    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("anquanli.attempt.one-statement-answers", "true");
        }
    }

    @Inject
    Play play;
    @Inject
    Db db;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutClock(JsonPath answer) {
        Map<String, Object> m = new java.util.HashMap<>(answer.getMap("$"));
        Map<String, Object> next = new java.util.HashMap<>((Map<String, Object>) m.get("next"));
        next.remove("serverTime");
        m.put("next", next);
        return m;
    }

    @Test
    void aWholeAttemptWithRetriesAndWrongAnswersScoresAsTheGeneralPathDoes() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        JsonPath q = play.current(s, attempt);
        int total = q.getInt("total");
        JsonPath result = null;
        for (int i = 1; i <= total; i++) {
            List<String> pick = i <= 10 ? new ArrayList<>(db.correctOptionIds(attempt, i))
                    : play.wrongSelection(q, db.correctOptionIds(attempt, i));
            result = play.answerWithNext(s, attempt, i, pick).statusCode(200).extract().jsonPath();
            assertThat(result.getBoolean("correct")).isEqualTo(i <= 10);
            if (i == 3) {
                JsonPath again = play.answerWithNext(s, attempt, i, pick).statusCode(200).extract().jsonPath();
                // The same result and the same next question; only the server's clock reading differs.
                assertThat(withoutClock(again)).isEqualTo(withoutClock(result));
                play.answer(s, attempt, i, play.wrongSelection(q, db.correctOptionIds(attempt, i))).statusCode(409)
                        .body("code", equalTo("already-answered"));
            }
            if (i < total) {
                q = play.current(s, attempt);
            }
        }

        assertThat(result.getString("attempt.status")).isEqualTo("FINISHED");
        assertThat(result.getInt("attempt.correctCount")).isEqualTo(10);
        assertThat(db.count("select count(*) from attempt_question where attempt_id = ? and correct",
                UUID.fromString(attempt))).isEqualTo(10);
    }
}
