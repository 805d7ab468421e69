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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The participant's side of the lottery: chances, draws and claims.
 * <p>
 * A draw, in one PostgreSQL transaction: lock (campaign shared, participant exclusive) → same request id? return that
 * draw → a chance left? → one Redis script decides the prize (stock and per-person limit checked and decremented
 * together, falling back to lower tiers and finally "thanks") → the draw and its −1 chance row are inserted, and for
 * a POINTS prize its points-ledger row (reason LOTTERY) → commit.
 * If recording fails the unit goes back to Redis; if the process dies in between, the unit is missing from Redis
 * (never doubled) until the next reconciliation puts it back.
 */
@ApplicationScoped
public class LotteryService {

    private final Pool pool;
    private final LotteryRepository lottery;
    private final ClaimRepository claims;
    private final LotteryStock stock;
    private final LotteryReconciler reconciler;
    private final ClaimProtector protector;
    private final PointsLedger ledger;
    private final AppClock clock;

    public LotteryService(Pool pool, LotteryRepository lottery, ClaimRepository claims, LotteryStock stock,
                          LotteryReconciler reconciler, ClaimProtector protector, PointsLedger ledger,
                          AppClock clock) {
        this.pool = pool;
        this.lottery = lottery;
        this.claims = claims;
        this.stock = stock;
        this.reconciler = reconciler;
        this.protector = protector;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A draw and whether this request made it (false: a retry of an earlier request). */
    public record Drawn(DrawView view, boolean created) {
    }

    /** Redis lost the campaign's keys: nothing was changed; rebuild and try once more. */
    private static final class StockNotReady extends RuntimeException {
        StockNotReady() {
            super(null, null, false, false);
        }
    }

    public Uni<Drawn> draw(long campaignId, long participantId, UUID requestId) {
        return tryDraw(campaignId, participantId, requestId).onFailure(StockNotReady.class)
                .recoverWithUni(e -> reconciler.repairIfLost(campaignId)
                        .chain(() -> tryDraw(campaignId, participantId, requestId)));
    }

    private Uni<Drawn> tryDraw(long campaignId, long participantId, UUID requestId) {
        Instant now = clock.now();
        LocalDate day = clock.dayOf(now);
        UUID drawId = DrawAlgorithm.drawId(campaignId, participantId, requestId);
        return pool.withTransaction(tx -> lottery.lockForDraw(tx, campaignId, participantId)
                .chain(() -> lottery.drawContext(tx, campaignId, participantId, requestId))
                .chain(context -> {
                    if (context == null) {
                        throw ApiProblem.notFound("Lottery of campaign", campaignId);
                    }
                    PrizePool p = context.pool();
                    List<Tier> tiers = context.tiers();
                    Draw earlier = context.earlier();
                    if (earlier != null) {
                        if (earlier.campaignId() != campaignId) {
                            throw ApiProblem.conflict("request-id-reused",
                                    "This request id was used for a draw in another campaign");
                        }
                        return claims.claimed(tx, List.of(earlier.id())).map(claimed -> new Drawn(view(p, tiers,
                                earlier, !claimed.isEmpty(), context.balance().left()), false));
                    }
                    if (!now.isBefore(p.drawDeadline())) {
                        throw ApiProblem.conflict("draw-closed", "Draws ended at " + p.drawDeadline());
                    }
                    long left = context.balance().left();
                    if (left < 1) {
                        throw new ApiProblem(409, "no-chances", "No chances left",
                                "每答对5题可获得1次抽奖机会: answer more questions to earn a chance");
                    }
                    return decide(tx, p, tiers, drawId, participantId, requestId, now, day)
                            .map(d -> new Drawn(view(p, tiers, d, false, left - 1), true));
                }));
    }

    private Uni<Draw> decide(SqlClient tx, PrizePool p, List<Tier> tiers, UUID drawId, long participantId,
                             UUID requestId, Instant now, LocalDate day) {
        int hit = DrawAlgorithm.hit(tiers.stream().map(Tier::weight).toList(),
                DrawAlgorithm.randomness(p.seed(), drawId, p.totalWeight()));
        List<LotteryStock.TierStock> released = tiers.stream().map(t -> new LotteryStock.TierStock(t.id(),
                DrawAlgorithm.released(t.stock(), t.dailyRelease(), p.startDate(), day), t.perPersonLimit())).toList();
        return stock.draw(p.campaignId(), participantId, hit, released).chain(decision -> {
            if (decision.seq() == LotteryStock.NOT_READY) {
                return Uni.createFrom().failure(new StockNotReady());
            }
            Tier awarded = decision.awardedIndex() < 0 ? null : tiers.get(decision.awardedIndex());
            Draw d = new Draw(drawId, p.campaignId(), participantId, requestId, decision.seq(),
                    hit < tiers.size() ? tiers.get(hit).rank() : null, awarded == null ? null : awarded.id(), now, day);
            // A POINTS prize is credited with the draw, in its transaction: the draw and its points, or neither.
            Uni<Void> recorded = lottery.insertDraw(tx, d);
            if (awarded != null && awarded.kind() == Lottery.Kind.POINTS && awarded.amount() > 0) {
                recorded = recorded.chain(() -> ledger.creditDraw(tx, p.campaignId(), participantId, drawId,
                        awarded.amount(), day, now));
            }
            return recorded.replaceWith(d).onFailure().call(e -> awarded == null
                    ? Uni.createFrom().voidItem() : stock.undo(p.campaignId(), participantId, awarded.id()));
        });
    }

    // ------------------------------------------------------------------ the participant's lottery

    public Uni<MyLottery> mine(long campaignId, long participantId) {
        return lottery.pool(pool, campaignId).chain(p -> lottery.balance(pool, campaignId, participantId)
                .chain(balance -> {
                    if (p == null) {
                        return Uni.createFrom().item(new MyLottery(campaignId, balance.earned(), balance.spent(),
                                balance.left(), 0, null, null, List.of()));
                    }
                    return Uni.combine().all().unis(lottery.tiers(pool, campaignId),
                                    lottery.drawsOf(pool, campaignId, participantId, 100),
                                    ledger.lotteryPoints(pool, campaignId, participantId))
                            .asTuple().chain(t -> claims.claimed(pool, t.getItem2().stream().map(Draw::id).toList())
                                    .map(claimed -> new MyLottery(campaignId, balance.earned(), balance.spent(),
                                            balance.left(), t.getItem3(), p.drawDeadline(), p.claimDeadline(),
                                            t.getItem2().stream().map(d -> view(p, t.getItem1(), d,
                                                    claimed.contains(d.id()), balance.left())).toList())));
                }));
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
                ClaimRepository.Sealed sealed = new ClaimRepository.Sealed(protector.encrypt(name),
                        protector.encrypt(phone), protector.encrypt(address), ClaimProtector.maskName(name),
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

    private static DrawView view(PrizePool p, List<Tier> tiers, Draw d, boolean claimed, long chancesLeft) {
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

    /**
     * The published stand-in for a participant on the public draw list: the same for all their draws of a campaign
     * (the per-person limits can be replayed), saying nothing about who they are.
     */
    public static String pseudonym(long campaignId, long participantId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("anquanli-lottery-participant:" + campaignId + ":"
                    + participantId).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
