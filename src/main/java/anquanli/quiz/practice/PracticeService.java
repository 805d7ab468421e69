package anquanli.quiz.practice;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.RateLimiter;
import anquanli.quiz.attempt.AttemptViews.LegalReference;
import anquanli.quiz.attempt.AttemptViews.OptionView;
import anquanli.quiz.attempt.Grading;
import anquanli.quiz.attempt.QuestionDrawer;
import anquanli.quiz.bank.QuestionCatalog;
import anquanli.quiz.bank.QuestionContent;
import anquanli.quiz.practice.PracticeRepository.Answer;
import anquanli.quiz.practice.PracticeRepository.Item;
import anquanli.quiz.practice.PracticeRepository.Session;
import anquanli.quiz.practice.PracticeRepository.Stored;
import anquanli.quiz.practice.PracticeViews.AnswerResult;
import anquanli.quiz.practice.PracticeViews.CategoryView;
import anquanli.quiz.practice.PracticeViews.PracticeQuestion;
import anquanli.quiz.practice.PracticeViews.SessionView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Practice mode (练功房): questions of one category from the enabled bank, graded at once with the explanation and
 * the legal basis. It has no daily limit and no clock, and it earns nothing: no points, no lottery chances, no place
 * in the boards or the progress report. It never touches the database (sessions live in Redis, see
 * {@link PracticeRepository}), so it cannot load the challenge's tables in June.
 */
@ApplicationScoped
public class PracticeService {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");

    private final PracticeRepository sessions;
    private final QuestionCatalog catalog;
    private final RateLimiter limiter;
    private final PracticeConfig config;
    private final AppClock clock;

    public PracticeService(PracticeRepository sessions, QuestionCatalog catalog, RateLimiter limiter,
                           PracticeConfig config, AppClock clock) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.limiter = limiter;
        this.config = config;
        this.clock = clock;
    }

    /** The categories with enabled questions, in code order. */
    public List<CategoryView> categories() {
        return catalog.enabledByCategory().entrySet().stream()
                .map(e -> new CategoryView(e.getKey(), catalog.categoryName(e.getKey()), e.getValue().size()))
                .sorted(Comparator.comparing(CategoryView::code)).toList();
    }

    /**
     * A new session of {@code size} questions (the default when null) of {@code category}, or of the whole bank when
     * null; a category with fewer questions gives a shorter session.
     */
    public Uni<SessionView> start(long participantId, String category, Integer size) {
        int wanted = size == null ? config.defaultSize() : size;
        if (wanted < 1 || wanted > config.maxSize()) {
            throw ApiProblem.badRequest("size-invalid", "size must be from 1 to " + config.maxSize());
        }
        Map<String, List<QuestionContent>> bank = catalog.enabledByCategory();
        Map<String, Integer> mix = Map.of();
        if (category != null) {
            List<QuestionContent> questions = bank.get(category);
            if (questions == null || questions.isEmpty()) {
                throw new ApiProblem(422, "category-unavailable", "No such category",
                        "There are no questions to practise in category " + category,
                        Map.of("category", category));
            }
            bank = Map.of(category, questions);
            mix = Map.of(category, wanted);
        } else if (bank.isEmpty()) {
            throw new ApiProblem(422, "category-unavailable", "No questions", "The question bank has no enabled questions");
        }
        Random random = ThreadLocalRandom.current();
        List<Item> items = QuestionDrawer.draw(bank, mix, wanted, Map.of(), random).stream()
                .map(q -> new Item(q.id(), q.version(), Grading.present(q, random))).toList();
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        Session session = new Session(UUID.randomUUID(), participantId, category, now, now.plus(config.sessionTtl()),
                items);
        return limiter.hit("practice:p:" + participantId + ":" + HOUR.format(now.atZone(AppClock.CAMPAIGN_ZONE)),
                        Duration.ofHours(1), config.sessionsPerParticipantPerHour(),
                        "Too many practice sessions in an hour; try again later")
                .chain(() -> sessions.create(session, config.sessionTtl()))
                .chain(() -> view(new Stored(session, Map.of())));
    }

    /** The participant's own session; anyone else's, or one that expired, is not found. */
    public Uni<SessionView> get(UUID id, long participantId) {
        return owned(id, participantId).chain(this::view);
    }

    /**
     * Grades the answer to question {@code index}: questions are answered in order, once each. The same answer sent
     * again (a retry) gets the same result; a different one is refused.
     */
    public Uni<AnswerResult> answer(UUID id, long participantId, int index, List<String> optionIds) {
        return owned(id, participantId).chain(stored -> {
            List<Item> items = stored.session().items();
            if (index < 1 || index > items.size()) {
                return Uni.createFrom().failure(ApiProblem.badRequest("index-out-of-range",
                        "index must be from 1 to " + items.size()));
            }
            Item item = items.get(index - 1);
            Answer given = stored.answers().get(index);
            if (given != null) {
                return replay(stored, index, given, optionIds);
            }
            if (index != stored.current()) {
                return Uni.createFrom().failure(ApiProblem.conflict("question-out-of-order",
                        "Questions are answered in order; the current one is number " + stored.current()));
            }
            return catalog.version(item.questionId(), item.version()).chain(q -> {
                Grading.validateSelection(q, item.options(), optionIds);
                Answer answer = new Answer(List.copyOf(optionIds),
                        Grading.correct(q, item.options(), new HashSet<>(optionIds)));
                return sessions.answer(id, index, answer).chain(recorded -> {
                    if (recorded) {
                        Map<Integer, Answer> answers = new HashMap<>(stored.answers());
                        answers.put(index, answer);
                        return result(new Stored(stored.session(), answers), index, q);
                    }
                    // Lost a race with another request for the same question: answer as that one was recorded.
                    return owned(id, participantId).chain(after -> replay(after, index, after.answers().get(index),
                            optionIds));
                });
            });
        });
    }

    private Uni<AnswerResult> replay(Stored stored, int index, Answer given, List<String> optionIds) {
        if (!new HashSet<>(given.selected()).equals(new HashSet<>(optionIds))) {
            return Uni.createFrom().failure(new ApiProblem(409, "already-answered", "Already answered",
                    "Question " + index + " was already answered with a different selection; an answer cannot be changed",
                    Map.of("index", index)));
        }
        Item item = stored.session().items().get(index - 1);
        return catalog.version(item.questionId(), item.version()).chain(q -> result(stored, index, q));
    }

    private Uni<AnswerResult> result(Stored stored, int index, QuestionContent q) {
        Item item = stored.session().items().get(index - 1);
        Answer a = stored.answers().get(index);
        return view(stored).map(session -> new AnswerResult(index, stored.session().items().size(), a.correct(),
                a.selected(), Grading.correctIds(q, item.options()), q.explanation(), LegalReference.of(q.reference()),
                session));
    }

    private Uni<Stored> owned(UUID id, long participantId) {
        return sessions.find(id).chain(s -> s == null || s.session().participantId() != participantId
                ? Uni.createFrom().failure(ApiProblem.notFound("Practice session", id))
                : Uni.createFrom().item(s));
    }

    private Uni<SessionView> view(Stored stored) {
        Session s = stored.session();
        int current = stored.current();
        Uni<PracticeQuestion> question = current == 0 ? Uni.createFrom().nullItem() : question(s, current);
        return question.map(q -> new SessionView(s.id(), s.category(),
                s.category() == null ? null : catalog.categoryName(s.category()), s.items().size(),
                stored.answers().size(), stored.correct(), current == 0, s.createdAt(), s.expiresAt(), q));
    }

    private Uni<PracticeQuestion> question(Session s, int index) {
        Item item = s.items().get(index - 1);
        return catalog.version(item.questionId(), item.version()).map(q -> new PracticeQuestion(index,
                s.items().size(), q.type(), q.category(), catalog.categoryName(q.category()), q.stem(),
                item.options().stream().map(o -> new OptionView(o.id(), Grading.text(q, o.key()))).toList()));
    }
}
