package anquanli;

import anquanli.common.AppClock;
import anquanli.quiz.campaign.CampaignRepository;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static anquanli.Api.as;

/** Plays attempts through the API, knowing the answer keys from the database. */
@ApplicationScoped
public class Play {

    private final Db db;
    private final CampaignRepository campaigns;
    private final AppClock clock;

    public Play(Db db, CampaignRepository campaigns, AppClock clock) {
        this.db = db;
        this.campaigns = campaigns;
        this.clock = clock;
    }

    /**
     * An open campaign of its own, from yesterday for ten days: {@code attemptsPerDay} attempts a day of 5 questions
     * (2 fire, 3 safety law), a lottery chance per 2 correct answers, at most 3 chances a day, 10 points a correct
     * answer and no bonus.
     */
    public long shortCampaign(int attemptsPerDay) {
        long id = ((Number) db.row("insert into campaign (code, name, start_date, end_date, status, attempts_per_day, "
                        + "questions_per_attempt, seconds_per_question, correct_per_chance, chances_per_day_cap, "
                        + "points_per_correct, perfect_bonus, category_mix) values (?, '短测试', ?, ?, 'ACTIVE', ?, 5, "
                        + "30, 2, 3, 10, 0, '{\"fire\":2,\"safety-law\":3}'::jsonb) returning id",
                "short-" + UUID.randomUUID().toString().substring(0, 8), clock.today().minusDays(1),
                clock.today().plusDays(10), attemptsPerDay).get("id")).longValue();
        campaigns.reload().await().indefinitely();
        return id;
    }

    public String start(Api.Session s, long campaignId) {
        return as(s).when().post("/api/v1/campaigns/{id}/attempts", campaignId)
                .then().statusCode(201).extract().jsonPath().getString("id");
    }

    public JsonPath current(Api.Session s, String attemptId) {
        return as(s).when().get("/api/v1/attempts/{id}/questions/current", attemptId)
                .then().statusCode(200).extract().jsonPath();
    }

    public ValidatableResponse answer(Api.Session s, String attemptId, int index, Collection<String> optionIds) {
        return as(s).contentType(ContentType.JSON)
                .body(new AnswerBody(index, List.copyOf(optionIds)))
                .when().post("/api/v1/attempts/{id}/answers", attemptId).then();
    }

    /** Answers and asks for the following question in the same response. */
    public ValidatableResponse answerWithNext(Api.Session s, String attemptId, int index, Collection<String> optionIds) {
        return as(s).contentType(ContentType.JSON)
                .body(new AnswerWithNextBody(index, List.copyOf(optionIds), true))
                .when().post("/api/v1/attempts/{id}/answers", attemptId).then();
    }

    public record AnswerBody(int index, List<String> optionIds) {
    }

    public record AnswerWithNextBody(int index, List<String> optionIds, boolean next) {
    }

    /** A selection that is certainly wrong: one option that is not in the key. */
    public List<String> wrongSelection(JsonPath question, Set<String> correct) {
        List<String> ids = question.getList("options.id", String.class);
        return List.of(ids.stream().filter(id -> !correct.contains(id)).findFirst().orElseThrow());
    }

    /**
     * Answers all questions of a fresh attempt: the first {@code rightCount} correctly, the rest wrongly.
     * Returns the last answer's response body.
     */
    public JsonPath playThrough(Api.Session s, String attemptId, int rightCount) {
        JsonPath last = null;
        int total = current(s, attemptId).getInt("total");
        for (int i = 1; i <= total; i++) {
            JsonPath q = current(s, attemptId);
            Set<String> correct = db.correctOptionIds(attemptId, i);
            List<String> pick = i <= rightCount ? new ArrayList<>(correct) : wrongSelection(q, correct);
            last = answer(s, attemptId, i, pick).statusCode(200).extract().jsonPath();
        }
        return last;
    }
}
