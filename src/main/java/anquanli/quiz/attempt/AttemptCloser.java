package anquanli.quiz.attempt;

import anquanli.common.AppClock;
import anquanli.quiz.AttemptCloseStep;
import anquanli.quiz.AttemptFinished;
import anquanli.quiz.AttemptFinishedListener;
import anquanli.quiz.CompetitionRollup;
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
    private final CompetitionRollup rollup;

    public AttemptCloser(Pool pool, AttemptRepository attempts, CampaignRepository campaigns, PointsLedger ledger,
                         AppClock clock, @Any Instance<AttemptFinishedListener> listeners,
                         @Any Instance<AttemptCloseStep> closeSteps, CompetitionRollup rollup) {
        this.pool = pool;
        this.attempts = attempts;
        this.campaigns = campaigns;
        this.ledger = ledger;
        this.clock = clock;
        this.listeners = listeners.stream().toList();
        this.closeSteps = closeSteps.stream().toList();
        this.rollup = rollup;
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

    /**
     * Points and chances are settled when the attempt closes; the ledger row, the close steps (lottery chances, the
     * boards' outbox) and the report's roll-up are written in the same transaction.
     */
    Uni<Closed> finish(SqlClient tx, AttemptRow a, Status status, Instant now) {
        // The participant is serialised first, always: the closing update reads what the day's other attempts earned
        // (the daily chance cap spans attempts), and the ledger statement asks whether this is the participant's first
        // attempt in each region. A second attempt of the same participant closing at the same moment (another
        // instance, the expiry job) waits, then reads both in a snapshot taken after the first committed.
        return attempts.lockParticipant(tx, a.participantId())
                .chain(() -> rules(tx, a))
                .chain(rules -> attempts.close(tx, a.id(), status, Grading.points(rules, a.correctCount(),
                                a.questionCount()), Grading.chancesEarned(rules, a.correctCount()),
                        rules.chancesPerDayCap(), now))
                .chain(closed -> {
                    if (closed == null) {
                        return Uni.createFrom().item(new Closed(null, null));
                    }
                    String[] dims = ledger.dimensions(a.regionCode());
                    return ledger.creditAttempt(tx, new AttemptFinished(a.campaignId(), a.participantId(), a.id(),
                                    status.name(), closed.points(), closed.correctCount(), closed.questionCount(),
                                    closed.lotteryChances(), a.localDay(), now, a.unitId(), dims[0], dims[1], dims[2],
                                    dims[3], null, null, null))
                            .call(credit -> credit == null ? Uni.createFrom().voidItem()
                                    : closeSteps(tx, credit).chain(() -> rollup.add(tx, credit)))
                            .map(credit -> new Closed(closed, credit));
                });
    }

    /**
     * The rules the attempt started under; attempts begun before those were copied onto the attempt use the
     * campaign's, read from the database (a cache of another instance may not know the campaign yet).
     */
    private Uni<Campaign.Rules> rules(SqlClient tx, AttemptRow a) {
        return a.rules() != null ? Uni.createFrom().item(a.rules())
                : campaigns.load(tx, a.campaignId()).map(Campaign::rules);
    }

    private Uni<Void> closeSteps(SqlClient tx, AttemptFinished credit) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AttemptCloseStep step : closeSteps) {
            chain = chain.chain(() -> step.onClose(tx, credit));
        }
        return chain;
    }

    /**
     * Tells the listeners after the commit; their failures never fail the participant. Nothing that must happen rides
     * on this: what the boards need was written to their outbox by the closing transaction.
     */
    Uni<Void> announce(AttemptFinished credit) {
        if (credit == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AttemptFinishedListener listener : listeners) {
            chain = chain.chain(() -> listener.onAttemptFinished(credit).onFailure().recoverWithUni(e -> {
                LOG.debugf(e, "Listener %s failed for attempt %s", listener.getClass().getSimpleName(),
                        credit.attemptId());
                return Uni.createFrom().voidItem();
            }));
        }
        return chain;
    }

}
