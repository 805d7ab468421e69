package anquanli.quiz.practice;

import anquanli.quiz.attempt.AttemptViews.LegalReference;
import anquanli.quiz.attempt.AttemptViews.OptionView;
import anquanli.quiz.bank.QuestionType;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** API shapes of practice mode. As in the daily challenge, the answer key appears only after answering. */
public final class PracticeViews {

    private PracticeViews() {
    }

    /** A category the app can offer, with how many enabled questions it has. */
    public record CategoryView(String code, String name, int questions) {
    }

    /** A question of a session; practice has no clock, so no deadline. */
    public record PracticeQuestion(int index, int total, QuestionType type, String category, String categoryName,
                                   String stem, List<OptionView> options) {
    }

    /** {@code question}: the first question not answered yet; left out once all are. */
    public record SessionView(UUID id, String category, String categoryName, int total, int answered, int correct,
                              boolean finished, Instant createdAt, Instant expiresAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) PracticeQuestion question) {
    }

    public record AnswerResult(int index, int total, boolean correct, List<String> selectedOptionIds,
                               List<String> correctOptionIds, String explanation, LegalReference reference,
                               SessionView session) {
    }
}
