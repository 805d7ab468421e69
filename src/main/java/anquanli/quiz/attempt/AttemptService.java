package anquanli.quiz.attempt;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.quiz.attempt.AttemptRepository.AnswerWrite;
import anquanli.quiz.attempt.AttemptRepository.AttemptRow;
import anquanli.quiz.attempt.AttemptRepository.SlotKey;
import anquanli.quiz.attempt.AttemptRepository.SlotRow;
import anquanli.quiz.attempt.AttemptRepository.Status;
import anquanli.quiz.attempt.AttemptRepository.WithSlot;
import anquanli.quiz.bank.QuestionCatalog;
import anquanli.quiz.bank.QuestionContent;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The daily challenge once started: show questions one at a time against server deadlines and grade answers
 * against the attempt's snapshot. Every answer is committed to PostgreSQL before it is acknowledged. Starting is
 * {@link AttemptStarter}; closing, with points, chances and the ledger, is {@link AttemptCloser}.
 */
@ApplicationScoped
public class AttemptService {

    private final Pool pool;
    private final AttemptRepository attempts;
    private final CampaignRepository campaigns;
    private final QuestionCatalog catalog;
    private final AttemptCloser closer;
    private final AnswerBatches batches;
    private final NextQuestionCache nextQuestions;
    private final AppClock clock;

    public AttemptService(Pool pool, AttemptRepository attempts, CampaignRepository campaigns, QuestionCatalog catalog,
                          AttemptCloser closer, AnswerBatches batches, NextQuestionCache nextQuestions,
                          AppClock clock) {
        this.pool = pool;
        this.attempts = attempts;
        this.campaigns = campaigns;
        this.catalog = catalog;
        this.closer = closer;
        this.batches = batches;
        this.nextQuestions = nextQuestions;
        this.clock = clock;
    }

    /** A question as shown: no answer key, only opaque option ids. */
    public record Shown(AttemptRow attempt, SlotRow slot, QuestionContent question, Campaign.Rules rules) {
    }

    /**
     * The result of one answer, whether just graded or replayed; {@code next} is the following question, presented,
     * when the app asked for it and the attempt goes on.
     */
    public record Graded(AttemptRow attempt, SlotRow slot, QuestionContent question, Shown next) {
    }

    // ------------------------------------------------------------------ read

    /** The participant's own attempt; anyone else's is reported as not found. Overdue attempts are closed first. */
    public Uni<AttemptRow> get(UUID id, long participantId) {
        return owned(id, participantId).chain(a -> overdue(a) ? closer.expire(a.id()).chain(() -> attempts.find(pool, id))
                : Uni.createFrom().item(a));
    }

    public Uni<List<AttemptRow>> list(long participantId, Long campaignId, int offset, int limit) {
        return attempts.ofParticipant(pool, participantId, campaignId, offset, limit);
    }

    public Uni<Long> count(long participantId, Long campaignId) {
        return attempts.countOfParticipant(pool, participantId, campaignId);
    }

    /** One question of an attempt with its outcome, for review after answering. */
    public record Reviewed(SlotRow slot, QuestionContent question) {
    }

    /**
     * The questions answered so far (all of them once the attempt is over), with the key and explanation: the
     * campaign is there to teach, so people can read why. Questions not yet reached are never included.
     */
    public Uni<List<Reviewed>> review(UUID id, long participantId) {
        return get(id, participantId).chain(a -> attempts.slots(pool, a.id()).chain(slots -> {
            List<Uni<Reviewed>> items = slots.stream()
                    .filter(s -> s.answered() || a.status() != Status.IN_PROGRESS)
                    .map(s -> catalog.version(s.questionId(), s.questionVersion()).map(q -> new Reviewed(s, q)))
                    .toList();
            return items.isEmpty() ? Uni.createFrom().item(List.<Reviewed>of())
                    : Uni.join().all(items).andFailFast();
        }));
    }

    // ------------------------------------------------------------------ current question

    public Uni<Shown> current(UUID id, long participantId) {
        return attempts.findWithCurrentSlot(pool, id).chain(found -> {
            if (found == null || found.attempt().participantId() != participantId) {
                return Uni.createFrom().failure(ApiProblem.notFound("Attempt", id));
            }
            if (overdue(found.attempt())) {
                return closer.expire(id).chain(() -> attempts.find(pool, id))
                        .chain(closed -> Uni.createFrom().failure(finished(closed)));
            }
            return current(found.attempt(), found.slot());
        });
    }

    private Uni<Shown> current(AttemptRow a, SlotRow slot) {
        if (a.status() != Status.IN_PROGRESS || slot == null) {
            return Uni.createFrom().failure(finished(a));
        }
        Campaign.Rules rules = rules(a);
        Instant now = clock.now();
        Uni<SlotRow> presented = slot.presentedAt() != null ? Uni.createFrom().item(slot)
                : attempts.present(pool, a.id(), slot.idx(), now,
                questionDeadline(a, rules, now));
        return presented.chain(s -> {
            if (!s.answered() && !now.isAfter(s.deadlineAt())) {
                nextQuestions.put(new WithSlot(a, s));
                return catalog.version(s.questionId(), s.questionVersion()).map(q -> new Shown(a, s, q, rules));
            }
            // Answered meanwhile by a racing request, or its time ran out unanswered: then it is recorded as a
            // timeout. Either way the next question is the current one.
            Uni<?> settle = s.answered() ? Uni.createFrom().voidItem() : grade(a, s, List.of(), true, false);
            return settle.chain(() -> attempts.findWithCurrentSlot(pool, a.id()))
                    .chain(next -> current(next.attempt(), next.slot()));
        });
    }

    // ------------------------------------------------------------------ answer

    /**
     * Grades the answer to question {@code index}. With {@code withNext} the following question is presented in the
     * same statement and returned too: its clock starts with this response.
     */
    public Uni<Graded> answer(UUID id, long participantId, int index, List<String> optionIds, boolean withNext) {
        int idx = index - 1;
        WithSlot held = nextQuestions.take(id, idx, participantId);
        Uni<WithSlot> read = held != null ? Uni.createFrom().item(held)
                : batches.findWithSlot(new SlotKey(id, idx));
        return read.chain(found -> {
            if (found == null || found.attempt().participantId() != participantId) {
                return Uni.createFrom().failure(ApiProblem.notFound("Attempt", id));
            }
            AttemptRow a = found.attempt();
            SlotRow slot = found.slot();
            if (slot == null) {
                return Uni.createFrom().failure(ApiProblem.badRequest("index-out-of-range",
                        "index must be from 1 to " + a.questionCount()));
            }
            if (slot.answered()) {
                return replay(a, slot, optionIds, withNext);
            }
            if (overdue(a)) {
                return closer.expire(a.id()).chain(() -> attempts.find(pool, id))
                        .chain(closed -> Uni.createFrom().failure(finished(closed)));
            }
            if (a.status() != Status.IN_PROGRESS) {
                return Uni.createFrom().failure(finished(a));
            }
            if (idx != a.answeredCount()) {
                return Uni.createFrom().failure(ApiProblem.conflict("question-out-of-order",
                        "Questions are answered in order; the current one is number " + (a.answeredCount() + 1)));
            }
            if (slot.presentedAt() == null) {
                return Uni.createFrom().failure(ApiProblem.conflict("question-not-presented",
                        "Fetch the current question before answering it"));
            }
            return catalog.version(slot.questionId(), slot.questionVersion()).chain(q -> {
                Grading.validateSelection(q, slot.options(), optionIds);
                boolean late = clock.now().isAfter(slot.deadlineAt());
                return grade(a, slot, optionIds, late, withNext);
            });
        });
    }

    /**
     * Records one answer (or timeout). Before the last question that is one statement (which also presents the next
     * question when asked); the last answer also closes the attempt and writes the ledger row, in one transaction. If
     * a racing request answered first, the stored answer is replayed instead.
     */
    private Uni<Graded> grade(AttemptRow a, SlotRow slot, List<String> selected, boolean timedOut, boolean withNext) {
        Instant now = clock.now();
        boolean last = slot.idx() == a.questionCount() - 1;
        Campaign.Rules rules = rules(a);
        Instant nextDeadline = withNext && !last ? questionDeadline(a, rules, now) : null;
        return catalog.version(slot.questionId(), slot.questionVersion()).chain(q -> {
            boolean correct = !timedOut && Grading.correct(q, slot.options(), new HashSet<>(selected));
            AnswerWrite answer = new AnswerWrite(a.id(), slot.idx(), selected, correct, timedOut, now, nextDeadline);
            Uni<Advanced> write = !last
                    ? batches.recordAndAdvance(answer)
                    .map(updated -> updated == null ? null : new Advanced(updated.attempt(), updated.slot(), null))
                    : pool.withTransaction(tx -> attempts.recordAndAdvanceAll(tx, List.of(answer))
                    .map(written -> written.get(0))
                    .chain(updated -> updated == null ? Uni.createFrom().<Advanced>nullItem()
                            : closer.finish(tx, updated.attempt(), Status.FINISHED, now)
                            .map(closed -> new Advanced(closed.row() == null ? updated.attempt() : closed.row(), null,
                                    closed.credit()))));
            return write.call(result -> result == null ? Uni.createFrom().voidItem() : closer.announce(result.credit()))
                    .chain(result -> {
                        if (result == null) {
                            // Not recorded: answered first by a racing request (or another instance), or the attempt
                            // is no longer open (or, after an erasure, gone).
                            return attempts.slot(pool, a.id(), slot.idx()).chain(stored -> stored == null
                                    ? Uni.createFrom().failure(ApiProblem.notFound("Attempt", a.id()))
                                    : stored.answered() ? replay(a, stored, selected, withNext)
                                    : attempts.find(pool, a.id()).chain(x -> Uni.createFrom().failure(finished(x))));
                        }
                        if (result.next() != null) {
                            nextQuestions.put(new WithSlot(result.attempt(), result.next()));
                        }
                        SlotRow answered = new SlotRow(slot.idx(), slot.questionId(), slot.questionVersion(),
                                slot.options(), slot.presentedAt(), slot.deadlineAt(), List.copyOf(selected), correct,
                                timedOut, now);
                        return next(result.attempt(), result.next(), withNext)
                                .map(next -> new Graded(result.attempt(), answered, q, next));
                    });
        });
    }

    /** What the write of an answer produced: the attempt after it, the next question if presented, the credit. */
    private record Advanced(AttemptRow attempt, SlotRow next, anquanli.quiz.AttemptFinished credit) {
    }

    /**
     * The question to deliver with an answer: the one just presented by the answer's own statement, or (after a
     * replay, or if it had been presented before) the current question as GET current would show it.
     */
    private Uni<Shown> next(AttemptRow a, SlotRow presented, boolean withNext) {
        if (!withNext || a.status() != Status.IN_PROGRESS) {
            return Uni.createFrom().nullItem();
        }
        if (presented != null) {
            return catalog.version(presented.questionId(), presented.questionVersion())
                    .map(q -> new Shown(a, presented, q, rules(a)));
        }
        return current(a.id(), a.participantId()).onFailure(ApiProblem.class).recoverWithNull();
    }

    /** Same answer again: the same result. A different answer to an answered question: refused. */
    private Uni<Graded> replay(AttemptRow a, SlotRow stored, List<String> optionIds, boolean withNext) {
        if (!new HashSet<>(stored.selected() == null ? List.of() : stored.selected()).equals(new HashSet<>(optionIds))) {
            return Uni.createFrom().failure(new ApiProblem(409, "already-answered", "Already answered",
                    "Question " + (stored.idx() + 1) + " was already answered " + (stored.timedOut() ? "(timed out)" : "")
                            + " with a different selection; an answer cannot be changed",
                    Map.of("index", stored.idx() + 1)));
        }
        return attempts.find(pool, a.id()).chain(fresh -> catalog.version(stored.questionId(), stored.questionVersion())
                .chain(q -> next(fresh, null, withNext).map(next -> new Graded(fresh, stored, q, next))));
    }

    private Campaign.Rules rules(AttemptRow a) {
        return a.rules() != null ? a.rules() : campaigns.find(a.campaignId()).rules();
    }

    // ------------------------------------------------------------------ helpers

    private Uni<AttemptRow> owned(UUID id, long participantId) {
        return attempts.find(pool, id).chain(a -> a == null || a.participantId() != participantId
                ? Uni.createFrom().failure(ApiProblem.notFound("Attempt", id))
                : Uni.createFrom().item(a));
    }

    private boolean overdue(AttemptRow a) {
        return a.status() == Status.IN_PROGRESS && clock.now().isAfter(a.deadlineAt());
    }

    static ApiProblem finished(AttemptRow a) {
        return new ApiProblem(409, "attempt-finished", "Attempt finished",
                "This attempt is over (" + a.status() + "): " + a.correctCount() + " of " + a.questionCount()
                        + " correct", Map.of("attemptId", a.id().toString()));
    }

    /** A question shown now runs for the rules' seconds, never past the attempt's own deadline. */
    private static Instant questionDeadline(AttemptRow a, Campaign.Rules rules, Instant now) {
        return min(now.plusSeconds(rules.secondsPerQuestion()), a.deadlineAt());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
