package anquanli.lottery;

import anquanli.activity.CheckInStep;
import anquanli.common.ApiProblem;
import anquanli.common.MicroCache;
import anquanli.quiz.attempt.AttemptRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * An optional bonus for a participant's first check-in at an activity in a campaign: lottery chances, set per campaign
 * (0, off, by default). The bonus is a chance like those earned by answering and keeps the day's cap
 * (chances_per_day_cap): it is cut to what the day has left, and the attempts closed later that day count it
 * (AttemptRepository#close). The participant's row is locked first, as attempt closing does, so the two cannot both
 * spend the day's last chance. At most one bonus per participant and campaign (a unique index), and only for their
 * first check-in, even when that one earned nothing because the day was full.
 */
@ApplicationScoped
public class CheckInBonus implements CheckInStep {

    private final Pool pool;
    private final LotteryRepository lottery;
    private final AttemptRepository attempts;
    private final MicroCache<Long, Integer> bonuses = new MicroCache<>(Duration.ofSeconds(10), 1000);

    public CheckInBonus(Pool pool, LotteryRepository lottery, AttemptRepository attempts) {
        this.pool = pool;
        this.lottery = lottery;
        this.attempts = attempts;
    }

    @Override
    public Uni<Boolean> applies(long campaignId) {
        return bonuses.get(campaignId, () -> lottery.checkInBonus(pool, campaignId)).map(n -> n != null && n > 0);
    }

    @Override
    public Uni<Integer> onCheckIn(SqlClient tx, CheckedIn c) {
        return attempts.lockParticipant(tx, c.participantId())
                .chain(() -> lottery.creditCheckIn(tx, c.campaignId(), c.participantId(), c.checkInId(),
                        c.localDay(), c.at()));
    }

    /** The campaign's bonus; 404 without a prize pool. */
    public Uni<Integer> get(long campaignId) {
        return lottery.checkInBonus(pool, campaignId).map(n -> {
            if (n == null) {
                throw ApiProblem.notFound("Lottery of campaign", campaignId);
            }
            return n;
        });
    }

    /** Sets the bonus; every instance applies it within 10 s. */
    public Uni<Integer> set(long campaignId, int chances) {
        return lottery.setCheckInBonus(pool, campaignId, chances).map(n -> {
            if (n == null) {
                throw ApiProblem.notFound("Lottery of campaign", campaignId);
            }
            return n;
        });
    }
}
