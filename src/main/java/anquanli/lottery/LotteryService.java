package anquanli.lottery;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.PhoneProtector;
import anquanli.lottery.Lottery.Draw;
import anquanli.lottery.Lottery.PrizePool;
import anquanli.lottery.Lottery.Tier;
import anquanli.lottery.LotteryViews.ClaimView;
import anquanli.lottery.LotteryViews.DrawView;
import anquanli.lottery.LotteryViews.MyLottery;
import anquanli.lottery.LotteryViews.Prize;
import anquanli.quiz.PointsLedger;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The participant's side of the lottery: chances, draws and claims.
 * <p>
 * A draw, in one PostgreSQL transaction (shared with other draws at peak, see {@link DrawBatches}): lock (campaign
 * shared, participant exclusive) → same request id? return that draw → a chance left? → a Redis script decides the
 * prize (stock and per-person limit checked and decremented together, falling back to lower tiers and finally
 * "thanks") → the draw and its −1 chance row are inserted, and for a POINTS prize its points-ledger row (reason
 * LOTTERY) → commit.
 * If recording fails the unit goes back to Redis; if the process dies in between, the unit is missing from Redis
 * (never doubled) until the next reconciliation puts it back.
 */
@ApplicationScoped
public class LotteryService {

    private final Pool pool;
    private final LotteryRepository lottery;
    private final ClaimRepository claims;
    private final DrawBatches draws;
    private final LotteryReconciler reconciler;
    private final ClaimProtector protector;
    private final PointsLedger ledger;
    private final AppClock clock;

    public LotteryService(Pool pool, LotteryRepository lottery, ClaimRepository claims, DrawBatches draws,
                          LotteryReconciler reconciler, ClaimProtector protector, PointsLedger ledger,
                          AppClock clock) {
        this.pool = pool;
        this.lottery = lottery;
        this.claims = claims;
        this.draws = draws;
        this.reconciler = reconciler;
        this.protector = protector;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A draw and whether this request made it (false: a retry of an earlier request). */
    public record Drawn(DrawView view, boolean created) {
    }

    public Uni<Drawn> draw(long campaignId, long participantId, UUID requestId) {
        LotteryRepository.DrawKey key = new LotteryRepository.DrawKey(campaignId, participantId, requestId);
        return draws.draw(key).onFailure(DrawBatches.StockNotReady.class)
                .recoverWithUni(e -> reconciler.repairIfLost(campaignId).chain(() -> draws.draw(key)));
    }

    // ------------------------------------------------------------------ the participant's lottery

    /** The participant's chances, prize points and latest draws: four reads at once. */
    public Uni<MyLottery> mine(long campaignId, long participantId) {
        return Uni.combine().all().unis(lottery.poolsWithTiers(pool, List.of(campaignId)),
                lottery.balance(pool, campaignId, participantId), ledger.lotteryPoints(pool, campaignId, participantId),
                lottery.drawsOf(pool, campaignId, participantId, 100)).asTuple().map(t -> {
                    LotteryRepository.PoolWithTiers pt = t.getItem1().get(campaignId);
                    LotteryRepository.Balance balance = t.getItem2();
                    if (pt == null) {
                        return new MyLottery(campaignId, balance.earned(), balance.spent(), balance.left(), 0, null,
                                null, List.of());
                    }
                    PrizePool p = pt.pool();
                    return new MyLottery(campaignId, balance.earned(), balance.spent(), balance.left(), t.getItem3(),
                            p.drawDeadline(), p.claimDeadline(), t.getItem4().stream().map(d -> view(p, pt.tiers(),
                            d.draw(), d.claimed(), balance.left())).toList());
                });
    }

    // ------------------------------------------------------------------ claims

    public record ClaimRequest(String name, String phone, String address) {
    }

    public Uni<ClaimView> claim(UUID drawId, long participantId, ClaimRequest request) {
        Instant now = clock.now();
        return lottery.draw(pool, drawId).chain(d -> {
            if (d == null || d.participantId() != participantId) {
                throw ApiProblem.notFound("Draw", drawId);
            }
            return lottery.pool(pool, d.campaignId()).chain(p -> lottery.tiers(pool, d.campaignId()).chain(tiers -> {
                Tier tier = tierOf(tiers, d);
                if (tier == null || !tier.claimable()) {
                    throw ApiProblem.conflict("nothing-to-claim", "This draw won no prize that needs delivery");
                }
                if (now.isAfter(p.claimDeadline())) {
                    throw ApiProblem.conflict("claim-closed", "Prizes had to be claimed by " + p.claimDeadline());
                }
                String phone = PhoneProtector.normalise(request.phone());
                if (phone == null) {
                    throw ApiProblem.badRequest("phone-invalid", "Enter a mainland mobile number (11 digits)");
                }
                String address = request.address() == null || request.address().isBlank() ? null
                        : request.address().strip();
                if (tier.kind() == Lottery.Kind.PHYSICAL && address == null) {
                    throw ApiProblem.badRequest("address-required", "A physical prize needs a delivery address");
                }
                String name = request.name().strip();
                ClaimRepository.Sealed sealed = new ClaimRepository.Sealed(protector.seal(name),
                        protector.seal(phone), protector.seal(address), ClaimProtector.maskName(name),
                        PhoneProtector.mask(phone));
                return claims.upsert(pool, drawId, sealed, now).map(submitted -> {
                    if (submitted == null) {
                        throw ApiProblem.conflict("claim-fulfilled",
                                "The prize is already being delivered; contact the organisers to change the details");
                    }
                    return new ClaimView(drawId, sealed.nameMasked(), sealed.phoneMasked(), address != null,
                            submitted);
                });
            }));
        });
    }

    // ------------------------------------------------------------------ helpers

    Uni<PrizePool> requirePool(SqlClient db, long campaignId) {
        return lottery.pool(db, campaignId).map(p -> {
            if (p == null) {
                throw ApiProblem.notFound("Lottery of campaign", campaignId);
            }
            return p;
        });
    }

    static DrawView view(PrizePool p, List<Tier> tiers, Draw d, boolean claimed, long chancesLeft) {
        Tier tier = tierOf(tiers, d);
        boolean claimable = tier != null && tier.claimable();
        return new DrawView(d.id(), d.campaignId(), d.seq(), d.drawnAt(), Prize.of(p, tier), claimable, claimed,
                claimable ? p.claimDeadline() : null, chancesLeft);
    }

    static Tier tierOf(List<Tier> tiers, Draw d) {
        if (d.tierId() == null) {
            return null;
        }
        Map<Long, Tier> byId = tiers.stream().collect(Collectors.toMap(Tier::id, Function.identity()));
        return byId.get(d.tierId());
    }
}
