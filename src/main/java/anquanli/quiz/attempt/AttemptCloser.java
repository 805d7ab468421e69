package anquanli.quiz.attempt;

import anquanli.common.AppClock;
import anquanli.quiz.AttemptCloseStep;
import anquanli.quiz.AttemptFinished;
import anquanli.quiz.AttemptFinishedListener;
import anquanli.quiz.PointsLedger;
import anquanli.quiz.attempt.AttemptRepository.AttemptRow;
import anquanli.quiz.attempt.AttemptRepository.Status;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Closes attempts — after the last answer or, abandoned, at their deadline — settling points and lottery chances
 * by the rules the attempt started under, writing the ledger row and running the close steps in the same
 * transaction, then telling the listeners after the commit.
 */
@ApplicationScoped
public class AttemptCloser {

    private static final Logger LOG = Logger.getLogger(AttemptCloser.class);

    private final Pool pool;
    private final AttemptRepository attempts;
    private final CampaignRepository campaigns;
    private final PointsLedger ledger;
    private final AppClock clock;
    private final List<AttemptFinishedListener> listeners;
    private final List<AttemptCloseStep> closeSteps;

    public AttemptCloser(Pool pool, AttemptRepository attempts, CampaignRepository campaigns, PointsLedger ledger,
                         AppClock clock, @Any Instance<AttemptFinishedListener> listeners,
                         @Any Instance<AttemptCloseStep> closeSteps) {
        this.pool = pool;
        this.attempts = attempts;
        this.campaigns = campaigns;
        this.ledger = ledger;
        this.clock = clock;
        this.listeners = listeners.stream().toList();
        this.closeSteps = closeSteps.stream().toList();
    }

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
    record Closed(AttemptRow row, AttemptFinished credit) {
    }

    /** Points and chances are settled when the attempt closes; the ledger row is written in the same transaction. */
    Uni<Closed> finish(SqlClient tx, AttemptRow a, Status status, Instant now) {
        // Scored by the rules the attempt started under (older rows without a copy use the campaign's).
        Campaign.Rules rules = a.rules() != null ? a.rules() : campaigns.find(a.campaignId()).rules();
        int points = Grading.points(rules, a.correctCount(), a.questionCount());
        String[] dims = ledger.dimensions(a.regionCode());
        // The closing update reads what the day's other attempts earned. Where a day allows more than one attempt,
        // two of them can close at once, and neither would see the other's uncommitted chances: they are serialised
        // on the participant first (the update then reads in a snapshot taken after the other committed). By the
        // attempt's rules or the campaign's current ones: an attempt started before an edit allowed a second one
        // still closes alongside that second one.
        Campaign current = campaigns.find(a.campaignId());
        boolean severalADay = rules.attemptsPerDay() > 1 || current == null || current.rules().attemptsPerDay() > 1;
        Uni<Void> serialised = severalADay ? attempts.lockParticipant(tx, a.participantId())
                : Uni.createFrom().voidItem();
        return serialised.chain(() -> attempts.close(tx, a.id(), status, points,
                        Grading.chancesEarned(rules, a.correctCount()), rules.chancesPerDayCap(), now))
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
    Uni<Void> announce(AttemptFinished credit) {
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

}
