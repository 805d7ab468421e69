package anquanli.quiz.attempt;

import anquanli.quiz.attempt.AttemptRepository.AttemptRow;
import com.fasterxml.jackson.annotation.JsonInclude;
import anquanli.quiz.bank.BankQuestion;
import anquanli.quiz.bank.QuestionCatalog;
import anquanli.quiz.bank.QuestionType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** API shapes of the answer loop. The answer key appears only in {@link AnswerResult}, after answering. */
public final class AttemptViews {

    private AttemptViews() {
    }

    public record AttemptView(UUID id, long campaignId, AttemptRepository.Status status, LocalDate localDay,
                              Instant startedAt, Instant deadline, Instant finishedAt, int questionCount,
                              int answeredCount, int correctCount, int points, int lotteryChances, boolean perfect) {

        public static AttemptView of(AttemptRow a) {
            return new AttemptView(a.id(), a.campaignId(), a.status(), a.localDay(), a.startedAt(), a.deadlineAt(),
                    a.finishedAt(), a.questionCount(), a.answeredCount(), a.correctCount(), a.points(),
                    a.lotteryChances(), a.status() == AttemptRepository.Status.FINISHED
                            && a.correctCount() == a.questionCount());
        }
    }

    public record AttemptPage(List<AttemptView> items, long total, int offset, int limit) {
    }

    public record OptionView(String id, String text) {
    }

    public record CurrentQuestion(UUID attemptId, int index, int total, QuestionType type, String category,
                                  String categoryName, String stem, List<OptionView> options, Instant presentedAt,
                                  Instant deadline, Instant serverTime, int secondsPerQuestion) {
    }

    public record LegalReference(String law, String article, String edition) {
        public static LegalReference of(BankQuestion.LegalRef r) {
            return r == null ? null : new LegalReference(r.law(), r.article(), r.edition());
        }
    }

    /** {@code next}: the following question, already presented, when the request asked for it (else left out). */
    public record AnswerResult(int index, int total, boolean correct, boolean timedOut, List<String> selectedOptionIds,
                               List<String> correctOptionIds, String explanation, LegalReference reference,
                               AttemptView attempt, @JsonInclude(JsonInclude.Include.NON_NULL) CurrentQuestion next) {
    }

    public record ReviewItem(int index, QuestionType type, String category, String stem, List<OptionView> options,
                             List<String> selectedOptionIds, List<String> correctOptionIds, boolean answered,
                             boolean correct, boolean timedOut, String explanation, LegalReference reference) {
    }

    public record Review(AttemptView attempt, List<ReviewItem> items) {
    }

    static Review review(AttemptRow a, List<AttemptService.Reviewed> reviewed) {
        return new Review(AttemptView.of(a), reviewed.stream().map(r -> new ReviewItem(r.slot().idx() + 1,
                r.question().type(), r.question().category(), r.question().stem(),
                r.slot().options().stream().map(o -> new OptionView(o.id(), Grading.text(r.question(), o.key())))
                        .toList(),
                r.slot().selected() == null ? List.of() : r.slot().selected(),
                Grading.correctIds(r.question(), r.slot().options()), r.slot().answered(),
                Boolean.TRUE.equals(r.slot().correct()), r.slot().timedOut(), r.question().explanation(),
                LegalReference.of(r.question().reference()))).toList());
    }

    static CurrentQuestion current(AttemptService.Shown s, String categoryName, Instant now) {
        List<OptionView> options = s.slot().options().stream()
                .map(o -> new OptionView(o.id(), Grading.text(s.question(), o.key()))).toList();
        return new CurrentQuestion(s.attempt().id(), s.slot().idx() + 1, s.attempt().questionCount(),
                s.question().type(), s.question().category(), categoryName, s.question().stem(), options,
                s.slot().presentedAt(), s.slot().deadlineAt(), now, s.rules().secondsPerQuestion());
    }

    static AnswerResult answer(AttemptService.Graded g, QuestionCatalog catalog, Instant now) {
        return new AnswerResult(g.slot().idx() + 1, g.attempt().questionCount(), Boolean.TRUE.equals(g.slot().correct()),
                g.slot().timedOut(), g.slot().selected() == null ? List.of() : g.slot().selected(),
                Grading.correctIds(g.question(), g.slot().options()), g.question().explanation(),
                LegalReference.of(g.question().reference()), AttemptView.of(g.attempt()),
                g.next() == null ? null : current(g.next(), catalog.categoryName(g.next().question().category()), now));
    }
}
