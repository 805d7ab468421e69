package anquanli.lottery;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.StatementBatcher;
import anquanli.lottery.Lottery.Draw;
import anquanli.lottery.Lottery.PrizePool;
import anquanli.lottery.Lottery.Tier;
import anquanli.lottery.LotteryRepository.DrawKey;
import anquanli.lottery.LotteryRepository.DrawState;
import anquanli.lottery.LotteryRepository.PoolWithTiers;
import anquanli.lottery.LotteryService.Drawn;
import anquanli.quiz.PointsLedger;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws, decided and recorded many at a time at peak (see {@link StatementBatcher}): one transaction per batch takes
 * the draws' locks, reads their chances and pools, lets one Redis script per campaign decide them in order, and
 * records them all with one insert, so a batch of thirty costs about what one draw alone costs. A quiet service sends
 * each draw at once.
 * <p>
 * Per draw the rules are those of a draw on its own: a retried request id returns the draw it made; no pool, a closed
 * pool or no chance left refuse that draw only; the stock script decides each draw as if it ran alone, in the order
 * of the batch. A participant's draws never travel in two batches at once, nor twice in one. If recording fails
 * every draw of the batch fails and the units Redis gave out go back.
 */
@ApplicationScoped
public class DrawBatches {

    /** Redis lost a campaign's keys: nothing was changed for this draw; rebuild and try once more. */
    static final class StockNotReady extends RuntimeException {
        StockNotReady() {
            super(null, null, false, false);
        }
    }

    /** One draw's result: the draw, or why this draw alone was refused. */
    record Outcome(Drawn drawn, RuntimeException refused) {
    }

    private final Pool pool;
    private final LotteryRepository lottery;
    private final ClaimRepository claims;
    private final LotteryStock stock;
    private final PointsLedger ledger;
    private final AppClock clock;
    private final StatementBatcher<DrawKey, Outcome> batcher;

    public DrawBatches(Pool pool, LotteryRepository lottery, ClaimRepository claims, LotteryStock stock,
                       PointsLedger ledger, AppClock clock, LotteryConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.lottery = lottery;
        this.claims = claims;
        this.stock = stock;
        this.ledger = ledger;
        this.clock = clock;
        LotteryConfig.Batch b = config.batch();
        DistributionSummary sizes = DistributionSummary.builder("anquanli.draws.batch.size")
                .description("Draws decided and recorded by one transaction").register(metrics);
        this.batcher = new StatementBatcher<>(this::run, DrawKey::participantId, b.maxSize(), b.maxInFlight(),
                b.maxQueued(), sizes::record);
    }

    public Uni<Drawn> draw(DrawKey key) {
        return batcher.submit(key).map(o -> {
            if (o.refused() != null) {
                throw o.refused();
            }
            return o.drawn();
        });
    }

    /** Draws waiting for a free transaction (for tests). */
    int queued() {
        return batcher.queued();
    }

    private Uni<List<Outcome>> run(List<DrawKey> keys) {
        Instant now = clock.now();
        LocalDate day = clock.dayOf(now);
        List<Long> campaigns = keys.stream().map(DrawKey::campaignId).distinct().sorted().toList();
        // Sent together: PostgreSQL runs them in order, so the reads see everything committed before the locks.
        return pool.withTransaction(tx -> Uni.combine().all().unis(lottery.lockForDraws(tx, campaigns, keys),
                        lottery.drawStates(tx, keys), lottery.poolsWithTiers(tx, campaigns)).asTuple()
                .chain(t -> new Batch(tx, keys, t.getItem2(), t.getItem3(), now, day).run()));
    }

    /** One batch inside its transaction. */
    private final class Batch {
        private final SqlClient tx;
        private final List<DrawKey> keys;
        private final List<DrawState> states;
        private final Map<Long, PoolWithTiers> pools;
        private final Instant now;
        private final LocalDate day;
        private final Outcome[] outcomes;
        private final List<Integer> replays = new ArrayList<>();
        private final Map<Long, List<Integer>> toDraw = new LinkedHashMap<>();
        private final List<Draw> drawn = new ArrayList<>();
        private final List<PointsLedger.DrawCredit> credits = new ArrayList<>();
        private final Map<Long, List<LotteryStock.Taken>> taken = new LinkedHashMap<>();

        Batch(SqlClient tx, List<DrawKey> keys, List<DrawState> states, Map<Long, PoolWithTiers> pools, Instant now,
              LocalDate day) {
            this.tx = tx;
            this.keys = keys;
            this.states = states;
            this.pools = pools;
            this.now = now;
            this.day = day;
            this.outcomes = new Outcome[keys.size()];
        }

        Uni<List<Outcome>> run() {
            for (int i = 0; i < keys.size(); i++) {
                triage(i);
            }
            Uni<Void> decided = Uni.createFrom().voidItem();
            for (Map.Entry<Long, List<Integer>> campaign : toDraw.entrySet()) {
                decided = decided.chain(() -> decide(pools.get(campaign.getKey()), campaign.getValue()));
            }
            return decided.chain(this::record).chain(this::replay).map(v -> Arrays.asList(outcomes));
        }

        /** Settles the draws that need no stock decision; queues the rest by campaign. */
        private void triage(int i) {
            DrawKey key = keys.get(i);
            DrawState state = states.get(i);
            PoolWithTiers p = pools.get(key.campaignId());
            if (p == null) {
                outcomes[i] = refuse(ApiProblem.notFound("Lottery of campaign", key.campaignId()));
            } else if (state.earlier() != null && state.earlier().campaignId() == key.campaignId()) {
                replays.add(i);
            } else if (state.earlier() != null) {
                outcomes[i] = refuse(ApiProblem.conflict("request-id-reused",
                        "This request id was used for a draw in another campaign"));
            } else if (!now.isBefore(p.pool().drawDeadline())) {
                outcomes[i] = refuse(ApiProblem.conflict("draw-closed", "Draws ended at " + p.pool().drawDeadline()));
            } else if (state.balance().left() < 1) {
                outcomes[i] = refuse(new ApiProblem(409, "no-chances", "No chances left",
                        "每答对5题可获得1次抽奖机会: answer more questions to earn a chance"));
            } else {
                toDraw.computeIfAbsent(key.campaignId(), c -> new ArrayList<>()).add(i);
            }
        }

        /** One stock script for a campaign's draws, in batch order. */
        private Uni<Void> decide(PoolWithTiers pt, List<Integer> indexes) {
            PrizePool p = pt.pool();
            List<Tier> tiers = pt.tiers();
            List<LotteryStock.TierStock> released = tiers.stream().map(t -> new LotteryStock.TierStock(t.id(),
                    DrawAlgorithm.released(t.stock(), t.dailyRelease(), p.startDate(), day), t.perPersonLimit()))
                    .toList();
            List<Integer> weights = tiers.stream().map(Tier::weight).toList();
            List<LotteryStock.Spin> spins = new ArrayList<>(indexes.size());
            int[] hits = new int[indexes.size()];
            for (int j = 0; j < indexes.size(); j++) {
                DrawKey key = keys.get(indexes.get(j));
                hits[j] = DrawAlgorithm.hit(weights, DrawAlgorithm.randomness(p.seed(),
                        DrawAlgorithm.drawId(key.campaignId(), key.participantId(), key.requestId()),
                        p.totalWeight()));
                spins.add(new LotteryStock.Spin(key.participantId(), hits[j]));
            }
            return stock.draw(p.campaignId(), released, spins).invoke(decisions -> {
                for (int j = 0; j < indexes.size(); j++) {
                    int i = indexes.get(j);
                    if (decisions == null) {
                        outcomes[i] = refuse(new StockNotReady());
                        continue;
                    }
                    settle(i, pt, hits[j], decisions.get(j));
                }
            }).replaceWithVoid();
        }

        private void settle(int i, PoolWithTiers pt, int hit, LotteryStock.Decision decision) {
            DrawKey key = keys.get(i);
            List<Tier> tiers = pt.tiers();
            Tier awarded = decision.awardedIndex() < 0 ? null : tiers.get(decision.awardedIndex());
            Draw d = new Draw(DrawAlgorithm.drawId(key.campaignId(), key.participantId(), key.requestId()),
                    key.campaignId(), key.participantId(), key.requestId(), decision.seq(),
                    hit < tiers.size() ? tiers.get(hit).rank() : null, awarded == null ? null : awarded.id(), now, day);
            drawn.add(d);
            if (awarded != null) {
                taken.computeIfAbsent(key.campaignId(), c -> new ArrayList<>())
                        .add(new LotteryStock.Taken(key.participantId(), awarded.id()));
                // A POINTS prize is credited with the draw, in its transaction: the draw and its points, or neither.
                if (awarded.kind() == Lottery.Kind.POINTS && awarded.amount() > 0) {
                    DrawState state = states.get(i);
                    credits.add(new PointsLedger.DrawCredit(key.campaignId(), key.participantId(), d.id(),
                            awarded.amount(), day, now, state.regionCode(), state.unitId()));
                }
            }
            outcomes[i] = new Outcome(new Drawn(LotteryService.view(pt.pool(), tiers, d, false,
                    states.get(i).balance().left() - 1), true), null);
        }

        /** Records every decided draw, or gives all their units back. */
        private Uni<Void> record() {
            if (drawn.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return lottery.insertDraws(tx, drawn).chain(() -> ledger.creditDraws(tx, credits))
                    .onFailure().call(e -> {
                        Uni<Void> undone = Uni.createFrom().voidItem();
                        for (Map.Entry<Long, List<LotteryStock.Taken>> c : taken.entrySet()) {
                            undone = undone.chain(() -> stock.undo(c.getKey(), c.getValue()));
                        }
                        return undone;
                    });
        }

        /** Retried requests get the draw they made, with whether it has been claimed. */
        private Uni<Void> replay() {
            if (replays.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return claims.claimed(tx, replays.stream().map(i -> states.get(i).earlier().id()).toList())
                    .invoke(claimed -> replays.forEach(i -> {
                        DrawState state = states.get(i);
                        PoolWithTiers pt = pools.get(keys.get(i).campaignId());
                        outcomes[i] = new Outcome(new Drawn(LotteryService.view(pt.pool(), pt.tiers(),
                                state.earlier(), claimed.contains(state.earlier().id()), state.balance().left()),
                                false), null);
                    })).replaceWithVoid();
        }
    }

    private static Outcome refuse(RuntimeException why) {
        return new Outcome(null, why);
    }
}
