package anquanli;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static anquanli.Api.as;

/** Plays attempts through the API, knowing the answer keys from the database. */
@ApplicationScoped
public class Play {

    private final Db db;

    public Play(Db db) {
        this.db = db;
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
