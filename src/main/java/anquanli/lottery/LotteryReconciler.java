package anquanli.lottery;

import anquanli.common.AppClock;
import anquanli.lottery.Lottery.PrizePool;
import anquanli.lottery.Lottery.Tier;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps Redis stock equal to what PostgreSQL says: released − issued per tier, per-person counts, the draw order
 * counter. Runs under the campaign lock taken exclusively, so no draw is between its Redis step and its commit while
 * it reads PostgreSQL and rewrites Redis: the result is exact even with draws going on. Used after a Redis loss (a
 * draw that finds the keys missing triggers it), on a schedule, and by admins.
 */
@ApplicationScoped
public class LotteryReconciler {

    private static final Logger LOG = Logger.getLogger(LotteryReconciler.class);

    private final Pool pool;
    private final LotteryRepository lottery;
    private final LotteryStock stock;
    private final AppClock clock;

    public LotteryReconciler(Pool pool, LotteryRepository lottery, LotteryStock stock, AppClock clock) {
        this.pool = pool;
        this.lottery = lottery;
        this.stock = stock;
        this.clock = clock;
    }

    /** One tier compared: Redis held redisStock (null: missing), PostgreSQL says released − issued. */
    public record TierCheck(long tierId, int rank, int released, int issued, int expectedStock, Integer redisStock) {
        public boolean matches() {
            return Objects.equals(redisStock, expectedStock);
        }
    }

    public record Report(long campaignId, boolean redisWasReady, boolean repaired, List<TierCheck> tiers) {
    }

    /** Compares and rewrites Redis from PostgreSQL; null if the campaign has no prize pool. */
    public Uni<Report> reconcile(long campaignId) {
        return pool.withTransaction(tx -> lottery.lockCampaign(tx, campaignId)
                .chain(() -> lottery.pool(tx, campaignId))
                .chain(p -> p == null ? Uni.createFrom().<Report>nullItem() : rebuild(tx, p, true)));
    }

    /** After a draw found the keys missing: rebuild unless another instance has just done so. */
    Uni<Void> repairIfLost(long campaignId) {
        return pool.withTransaction(tx -> lottery.lockCampaign(tx, campaignId)
                .chain(() -> lottery.pool(tx, campaignId))
                .chain(p -> p == null ? Uni.createFrom().voidItem() : rebuild(tx, p, false).replaceWithVoid()));
    }

    /** Within a transaction holding the campaign lock exclusively. */
    Uni<Report> rebuild(SqlClient tx, PrizePool p, boolean always) {
        Instant now = clock.now();
        LocalDate day = clock.dayOf(now);
        return lottery.tiers(tx, p.campaignId()).chain(tiers -> lottery.issued(tx, p.campaignId())
                .chain(issued -> stock.snapshot(p.campaignId(), tiers.stream().map(Tier::id).toList())
                        .chain(snapshot -> {
                            List<TierCheck> checks = new ArrayList<>();
                            List<LotteryStock.Expected> expected = new ArrayList<>();
                            for (Tier t : tiers) {
                                int released = DrawAlgorithm.released(t.stock(), t.dailyRelease(), p.startDate(), day);
                                int n = issued.byTier().getOrDefault(t.id(), 0);
                                // Released never shrinks below what was issued (stock was never removed).
                                released = Math.max(released, n);
                                checks.add(new TierCheck(t.id(), t.rank(), released, n, released - n,
                                        snapshot.stock().get(t.id())));
                                expected.add(new LotteryStock.Expected(t.id(), released, n));
                            }
                            boolean differs = !snapshot.ready() || checks.stream().anyMatch(c -> !c.matches());
                            if (!always && snapshot.ready()) {
                                return Uni.createFrom().item(new Report(p.campaignId(), true, false, checks));
                            }
                            if (differs) {
                                LOG.warnf("Lottery stock of campaign %d repaired from PostgreSQL (Redis %s): %s",
                                        p.campaignId(), snapshot.ready() ? "differed" : "had lost its keys", checks);
                            }
                            return stock.rebuild(p.campaignId(), issued.maxSeq(), expected, issued.wonByField())
                                    .replaceWith(new Report(p.campaignId(), snapshot.ready(), differs, checks));
                        })));
    }

    @Scheduled(every = "${anquanli.lottery.reconcile-interval}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return lottery.poolsOpenAt(pool, clock.now()).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (long id : ids) {
                chain = chain.chain(() -> reconcile(id).replaceWithVoid().onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "Lottery reconciliation of campaign %d failed", id);
                    return Uni.createFrom().voidItem();
                }));
            }
            return chain;
        });
    }
}
