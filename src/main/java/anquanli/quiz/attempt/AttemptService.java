package anquanli.quiz.attempt;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.quiz.AttemptCloseStep;
import anquanli.quiz.AttemptFinished;
import anquanli.quiz.AttemptFinishedListener;
import anquanli.quiz.PointsLedger;
import anquanli.quiz.attempt.AttemptRepository.AttemptRow;
import anquanli.quiz.attempt.AttemptRepository.SlotRow;
import anquanli.quiz.attempt.AttemptRepository.Status;
import anquanli.quiz.bank.QuestionCatalog;
import anquanli.quiz.bank.QuestionContent;
import anquanli.quiz.bank.QuestionType;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The daily challenge: start an attempt, show questions one at a time against server deadlines, grade answers
 * against the attempt's snapshot, and close the attempt with its points and lottery chances. Every answer is
 * committed to PostgreSQL before it is acknowledged.
 */
@ApplicationScoped
public class AttemptService {

    private static final Logger LOG = Logger.getLogger(AttemptService.class);

    private final Pool pool;
    private final AttemptRepository attempts;
    private final CampaignRepository campaigns;
    private final QuestionCatalog catalog;
    private final PointsLedger ledger;
    private final AppClock clock;
    private final AttemptConfig config;
    private final List<AttemptFinishedListener> listeners;
    private final List<AttemptCloseStep> closeSteps;

    public AttemptService(Pool pool, AttemptRepository attempts, CampaignRepository campaigns, QuestionCatalog catalog,
                          PointsLedger ledger, AppClock clock, AttemptConfig config,
                          @Any Instance<AttemptFinishedListener> listeners, @Any Instance<AttemptCloseStep> closeSteps) {
        this.listeners = listeners.stream().toList();
        this.closeSteps = closeSteps.stream().toList();
        this.pool = pool;
        this.attempts = attempts;
        this.campaigns = campaigns;
        this.catalog = catalog;
        this.ledger = ledger;
        this.clock = clock;
        this.config = config;
    }

    /** A question as shown: no answer key, only opaque option ids. */
    public record Shown(AttemptRow attempt, SlotRow slot, QuestionContent question, Campaign.Rules rules) {
    }

    /** The result of one answer, whether just graded or replayed. */
    public record Graded(AttemptRow attempt, SlotRow slot, QuestionContent question) {
    }

    // ------------------------------------------------------------------ start

    /**
     * Starts today's attempt. Everything happens in one transaction that holds the campaign row with FOR SHARE:
     * the rules used are the committed ones (not a cache), and an admin edit of the campaign (FOR UPDATE) cannot
     * interleave with a start.
     */
    public Uni<AttemptRow> start(long campaignId, long participantId, String clientIp, String deviceId) {
        Instant now = clock.now();
        LocalDate today = clock.dayOf(now);
        return pool.withTransaction(tx -> tx.preparedQuery("select * from campaign where id = $1 for share")
                .execute(Tuple.of(campaignId))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().failure(ApiProblem.notFound("Campaign", campaignId));
                    }
                    Campaign campaign = Campaign.of(rows.iterator().next());
                    if (!campaign.openOn(today)) {
                        return Uni.createFrom().failure(new ApiProblem(409, "campaign-not-open", "Campaign not open",
                                "The competition runs from " + campaign.startDate() + " to " + campaign.endDate()
                                        + " (Asia/Shanghai) and must be active; today is " + today,
                                Map.of("startDate", campaign.startDate().toString(),
                                        "endDate", campaign.endDate().toString())));
                    }
                    return startIn(tx, campaign, participantId, now, clientIp, deviceId);
                }));
    }

    private Uni<AttemptRow> startIn(SqlClient tx, Campaign campaign, long participantId, Instant now, String clientIp,
                                    String deviceId) {
        Campaign.Rules rules = campaign.rules();
        return tx.preparedQuery("select region_code, unit_id, display_name, identity_type from participant where id = $1")
                .execute(Tuple.of(participantId))
                .chain(rows -> {
                    Row p = rows.rowCount() == 0 ? null : rows.iterator().next();
                    if (p == null || p.getString("region_code") == null || p.getString("display_name") == null
                            || p.getString("identity_type") == null) {
                        return Uni.createFrom().failure(new ApiProblem(409, "profile-incomplete", "Profile incomplete",
                                "Set your name, region and identity (PUT /api/v1/me) before taking the challenge: "
                                        + "your points count for your region and unit"));
                    }
                    return attempts.attemptsOn(tx, campaign.id(), participantId, clock.dayOf(now)).chain(n -> {
                        if (n >= rules.attemptsPerDay()) {
                            return Uni.createFrom().failure(dailyLimit(now));
                        }
                        return attempts.seenCounts(tx, participantId).chain(seen ->
                                create(tx, campaign, participantId, p.getString("region_code"), p.getLong("unit_id"),
                                        n + 1, seen, now, clientIp, deviceId));
                    });
                });
    }

    private Uni<AttemptRow> create(SqlClient tx, Campaign campaign, long participantId, String regionCode, Long unitId,
                                   int seq, Map<String, Integer> seen, Instant now, String clientIp, String deviceId) {
        Campaign.Rules rules = campaign.rules();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<QuestionContent> drawn = QuestionDrawer.draw(catalog.enabledByCategory(), rules.categoryMix(),
                rules.questionsPerAttempt(), seen, random);
        if (drawn.size() < rules.questionsPerAttempt()) {
            return Uni.createFrom().failure(new ApiProblem(503, "question-bank-unavailable", "Question bank unavailable",
                    "The question bank has too few questions for this campaign; try again later"));
        }
        Instant deadline = now.plusSeconds((long) rules.questionsPerAttempt() * rules.secondsPerQuestion())
                .plus(config.grace());
        AttemptRow row = new AttemptRow(UUID.randomUUID(), campaign.id(), participantId, clock.dayOf(now), seq,
                Status.IN_PROGRESS, drawn.size(), 0, 0, 0, 0, regionCode, unitId, now, deadline, null, rules);
        List<SlotRow> slots = new ArrayList<>(drawn.size());
        for (int i = 0; i < drawn.size(); i++) {
            QuestionContent q = drawn.get(i);
            slots.add(new SlotRow(i, q.id(), q.version(), Grading.present(q, random), null, null, null, null,
                    false, null));
        }
        return attempts.insert(tx, row, clientIp, deviceId).chain(inserted -> inserted
                ? attempts.insertSlots(tx, row.id(), slots).replaceWith(row)
                : Uni.createFrom().failure(dailyLimit(now)));
    }

    private ApiProblem dailyLimit(Instant now) {
        Instant next = clock.dayOf(now).plusDays(1).atStartOfDay(AppClock.CAMPAIGN_ZONE).toInstant();
        return new ApiProblem(409, "daily-limit-reached", "Daily limit reached",
                "每天可挑战答题1次: today's challenge has been taken; come back tomorrow",
                Map.of("nextAttemptAt", next.toString(), "retryAfter", Duration.between(now, next).toSeconds()));
    }

    // ------------------------------------------------------------------ read

    /** The participant's own attempt; anyone else's is reported as not found. Overdue attempts are closed first. */
    public Uni<AttemptRow> get(UUID id, long participantId) {
        return owned(id, participantId).chain(a -> overdue(a) ? expire(a.id()).chain(() -> attempts.find(pool, id))
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
                return expire(id).chain(() -> attempts.find(pool, id))
                        .chain(closed -> Uni.createFrom().failure(finished(closed)));
            }
            return current(found.attempt(), found.slot());
        });
    }

    private Uni<Shown> current(AttemptRow a, SlotRow slot) {
        if (a.status() != Status.IN_PROGRESS || slot == null) {
            return Uni.createFrom().failure(finished(a));
        }
        Campaign.Rules rules = a.rules() != null ? a.rules() : campaigns.find(a.campaignId()).rules();
        Instant now = clock.now();
        Uni<SlotRow> presented = slot.presentedAt() != null ? Uni.createFrom().item(slot)
                : attempts.present(pool, a.id(), slot.idx(), now,
                min(now.plusSeconds(rules.secondsPerQuestion()), a.deadlineAt()));
        return presented.chain(s -> {
            if (!s.answered() && !now.isAfter(s.deadlineAt())) {
                return catalog.version(s.questionId(), s.questionVersion()).map(q -> new Shown(a, s, q, rules));
            }
            // Answered meanwhile by a racing request, or its time ran out unanswered: then it is recorded as a
            // timeout. Either way the next question is the current one.
            Uni<?> settle = s.answered() ? Uni.createFrom().voidItem() : grade(a, s, List.of(), true);
            return settle.chain(() -> attempts.findWithCurrentSlot(pool, a.id()))
                    .chain(next -> current(next.attempt(), next.slot()));
        });
    }

    // ------------------------------------------------------------------ answer

    public Uni<Graded> answer(UUID id, long participantId, int index, List<String> optionIds) {
        int idx = index - 1;
        return attempts.findWithSlot(pool, id, idx).chain(found -> {
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
                return replay(a, slot, optionIds);
            }
            if (overdue(a)) {
                return expire(a.id()).chain(() -> attempts.find(pool, id))
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
                validateSelection(q, slot, optionIds);
                boolean late = clock.now().isAfter(slot.deadlineAt());
                return grade(a, slot, optionIds, late);
            });
        });
    }

    /**
     * Records one answer (or timeout). Before the last question that is one statement; the last answer also closes
     * the attempt and writes the ledger row, in one transaction. If a racing request answered first, the stored
     * answer is replayed instead.
     */
    private Uni<Graded> grade(AttemptRow a, SlotRow slot, List<String> selected, boolean timedOut) {
        Instant now = clock.now();
        boolean last = slot.idx() == a.questionCount() - 1;
        return catalog.version(slot.questionId(), slot.questionVersion()).chain(q -> {
            boolean correct = !timedOut && Grading.correct(q, slot.options(), new HashSet<>(selected));
            Uni<Closed> write = !last
                    ? attempts.recordAndAdvance(pool, a.id(), slot.idx(), selected, correct, timedOut, now)
                    .map(updated -> updated == null ? null : new Closed(updated, null))
                    : pool.withTransaction(tx -> attempts.recordAndAdvance(tx, a.id(), slot.idx(), selected, correct,
                    timedOut, now).chain(updated -> updated == null ? Uni.createFrom().<Closed>nullItem()
                    : finish(tx, updated, Status.FINISHED, now)
                    .map(closed -> closed.row() == null ? new Closed(updated, null) : closed)));
            return write.call(result -> result == null ? Uni.createFrom().voidItem() : announce(result.credit()))
                    .chain(result -> {
                        if (result == null) {
                            return attempts.slot(pool, a.id(), slot.idx()).chain(stored -> stored.answered()
                                    ? replay(a, stored, selected)
                                    : attempts.find(pool, a.id()).chain(x -> Uni.createFrom().failure(finished(x))));
                        }
                        SlotRow answered = new SlotRow(slot.idx(), slot.questionId(), slot.questionVersion(),
                                slot.options(), slot.presentedAt(), slot.deadlineAt(), List.copyOf(selected), correct,
                                timedOut, now);
                        return Uni.createFrom().item(new Graded(result.row(), answered, q));
                    });
        });
    }

    /** Same answer again: the same result. A different answer to an answered question: refused. */
    private Uni<Graded> replay(AttemptRow a, SlotRow stored, List<String> optionIds) {
        if (!new HashSet<>(stored.selected() == null ? List.of() : stored.selected()).equals(new HashSet<>(optionIds))) {
            return Uni.createFrom().failure(new ApiProblem(409, "already-answered", "Already answered",
                    "Question " + (stored.idx() + 1) + " was already answered " + (stored.timedOut() ? "(timed out)" : "")
                            + " with a different selection; an answer cannot be changed",
                    Map.of("index", stored.idx() + 1)));
        }
        return attempts.find(pool, a.id()).chain(fresh -> catalog.version(stored.questionId(), stored.questionVersion())
                .map(q -> new Graded(fresh, stored, q)));
    }

    private static void validateSelection(QuestionContent q, SlotRow slot, List<String> optionIds) {
        Set<String> known = new HashSet<>();
        slot.options().forEach(o -> known.add(o.id()));
        Set<String> distinct = new HashSet<>(optionIds);
        if (distinct.size() != optionIds.size()) {
            throw ApiProblem.badRequest("option-invalid", "optionIds lists an option twice");
        }
        for (String id : optionIds) {
            if (!known.contains(id)) {
                throw ApiProblem.badRequest("option-invalid", "optionIds contains " + id
                        + ", which is not an option of this question");
            }
        }
        if (optionIds.isEmpty() || (q.type() != QuestionType.MULTIPLE && optionIds.size() != 1)) {
            throw ApiProblem.badRequest("option-invalid", q.type() == QuestionType.MULTIPLE
                    ? "Select at least one option" : "Select exactly one option");
        }
    }

    // ------------------------------------------------------------------ closing

    /** Closes an attempt whose deadline has passed; a no-op if it was closed meanwhile. */
    public Uni<Void> expire(UUID id) {
        Instant now = clock.now();
        return pool.withTransaction(tx -> attempts.findForUpdate(tx, id).chain(a -> {
            if (a == null || a.status() != Status.IN_PROGRESS || !now.isAfter(a.deadlineAt())) {
                return Uni.createFrom().<AttemptFinished>nullItem();
            }
            return attempts.timeOutRemaining(tx, id).chain(() -> finish(tx, a, Status.EXPIRED, now))
                    .map(closed -> closed.credit());
        })).chain(this::announce);
    }

    public Uni<Integer> expireOverdue(int batch) {
        return attempts.overdue(pool, clock.now(), batch).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : ids) {
                chain = chain.chain(() -> expire(id));
            }
            return chain.replaceWith(ids.size());
        });
    }

    /** An attempt just closed, with the credit it produced (null if someone else closed it first). */
    private record Closed(AttemptRow row, AttemptFinished credit) {
    }

    /** Points and chances are settled when the attempt closes; the ledger row is written in the same transaction. */
    private Uni<Closed> finish(SqlClient tx, AttemptRow a, Status status, Instant now) {
        // Scored by the rules the attempt started under (older rows without a copy use the campaign's).
        Campaign.Rules rules = a.rules() != null ? a.rules() : campaigns.find(a.campaignId()).rules();
        int points = Grading.points(rules, a.correctCount(), a.questionCount());
        String[] dims = ledger.dimensions(a.regionCode());
        return attempts.chancesEarnedOn(tx, a.campaignId(), a.participantId(), a.localDay(), a.id())
                .chain(earlier -> attempts.close(tx, a.id(), status, points,
                        Grading.chances(rules, a.correctCount(), earlier), now))
                .chain(closed -> closed == null ? Uni.createFrom().item(new Closed(null, null))
                        : ledger.creditAttempt(tx, new AttemptFinished(a.campaignId(), a.participantId(), a.id(),
                                status.name(), points, closed.correctCount(), closed.questionCount(),
                                closed.lotteryChances(), a.localDay(), now, a.unitId(), dims[0], dims[1], dims[2],
                                dims[3])).call(credit -> credit == null ? Uni.createFrom().voidItem()
                                : closeSteps(tx, credit)).map(credit -> new Closed(closed, credit)));
    }

    private Uni<Void> closeSteps(SqlClient tx, AttemptFinished credit) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AttemptCloseStep step : closeSteps) {
            chain = chain.chain(() -> step.onClose(tx, credit));
        }
        return chain;
    }

    /** Tells the listeners (leaderboards, ...) after the commit; their failures never fail the participant. */
    private Uni<Void> announce(AttemptFinished credit) {
        if (credit == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AttemptFinishedListener listener : listeners) {
            chain = chain.chain(() -> listener.onAttemptFinished(credit).onFailure().recoverWithUni(e -> {
                LOG.errorf(e, "Listener %s failed for attempt %s; its state is rebuildable from the ledger",
                        listener.getClass().getSimpleName(), credit.attemptId());
                return Uni.createFrom().voidItem();
            }));
        }
        return chain;
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

    private static ApiProblem finished(AttemptRow a) {
        return new ApiProblem(409, "attempt-finished", "Attempt finished",
                "This attempt is over (" + a.status() + "): " + a.correctCount() + " of " + a.questionCount()
                        + " correct", Map.of("attemptId", a.id().toString()));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
