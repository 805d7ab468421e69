package anquanli.lottery;

import anquanli.quiz.AttemptCloseStep;
import anquanli.quiz.AttemptFinished;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * 每答对5题可获得1次抽奖机会: the chances an attempt earned (computed by the attempt's rules, capped per day) are
 * credited in the transaction that closes it, so they exist exactly when the attempt is closed.
 */
@ApplicationScoped
public class ChanceCredit implements AttemptCloseStep {

    private final LotteryRepository lottery;

    public ChanceCredit(LotteryRepository lottery) {
        this.lottery = lottery;
    }

    @Override
    public Uni<Void> onClose(SqlClient tx, AttemptFinished closed) {
        if (closed.lotteryChances() <= 0) {
            return Uni.createFrom().voidItem();
        }
        return lottery.credit(tx, closed.campaignId(), closed.participantId(), closed.attemptId(),
                closed.lotteryChances(), closed.finishedAt());
    }
}
