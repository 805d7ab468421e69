package anquanli.lottery;

import anquanli.Api;
import anquanli.Db;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static anquanli.lottery.LotteryFixtures.TOTAL;
import static anquanli.lottery.LotteryFixtures.draw;
import static anquanli.lottery.LotteryFixtures.tier;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draws that share one transaction ({@link DrawBatches}). A test holds the campaign's lottery lock (as a Redis rebuild
 * does) so that the first draws wait inside their transactions, the next ones queue, and all queued draws leave
 * together when the lock goes.
 */
@QuarkusTest
class LotteryBatchTest {

    @Inject
    LotteryFixtures fx;
    @Inject
    Db db;
    @Inject
    AgroalDataSource ds;
    @Inject
    DrawBatches batches;
    @Inject
    MeterRegistry metrics;
    @Inject
    RedisDataSource redis;

    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    private int redisStock(long campaignId, long tierId) {
        var v = redis.execute("HGET", LotteryStock.key(campaignId, "stock"), Long.toString(tierId));
        return v == null ? -1 : v.toInteger();
    }

    private CompletableFuture<ExtractableResponse<Response>> drawLater(Api.Session s, long campaignId, UUID request) {
        return CompletableFuture.supplyAsync(() -> draw(s, campaignId, request).extract(), pool);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 400 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertThat(condition.getAsBoolean()).as("condition reached in time").isTrue();
    }

    /**
     * Draws waiting for the campaign's lottery lock. Only draws count (their statement takes it shared): the stock
     * reconciler takes the same lock on its schedule, and counting it once let a "blocked" draw go before it waited.
     */
    private long waitingForAdvisoryLocks() {
        return db.count("select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid "
                + "where l.locktype = 'advisory' and not l.granted and a.query like '%pg_advisory_xact_lock_shared%'");
    }

    /** Holds the campaign's lottery lock exclusively until the returned connection is closed. */
    private Connection holdCampaignLock(long campaignId) throws Exception {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("select pg_advisory_xact_lock(hashtextextended('lottery:" + campaignId + "', 0))");
        }
        return c;
    }

    /** Two draws wait on the lock in their own transactions, so every slot is busy and later draws queue. */
    private List<CompletableFuture<ExtractableResponse<Response>>> blockSlots(long campaign, List<Api.Session> two)
            throws InterruptedException {
        List<CompletableFuture<ExtractableResponse<Response>>> blocked = new ArrayList<>();
        for (Api.Session s : two) {
            // One at a time, so each takes a slot of its own rather than both leaving in one batch.
            blocked.add(drawLater(s, campaign, UUID.randomUUID()));
            int waiting = blocked.size();
            await(() -> waitingForAdvisoryLocks() == waiting);
        }
        return blocked;
    }

    @Test
    void eachDrawOfASharedTransactionIsSettledOnItsOwn() throws Exception {
        long campaign = fx.campaign();
        long noPool = fx.campaign();
        // Every number hits the tier: its stock alone decides.
        long tierId = fx.pool(campaign, List.of(tier("安全帽", "PHYSICAL", TOTAL, 3, null, null))).get(0);
        List<Api.Session> players = fx.players(campaign, 5, 1);
        Api.Session broke = Api.login(Api.newPhone());
        Api.Session retrying = fx.players(campaign, 1, 2).get(0);
        UUID earlierRequest = UUID.randomUUID();
        String earlierId = draw(retrying, campaign, earlierRequest).statusCode(201).extract().path("id");
        assertThat(redisStock(campaign, tierId)).isEqualTo(2);
        double largestBefore = metrics.get("anquanli.draws.batch.size").summary().max();

        List<CompletableFuture<ExtractableResponse<Response>>> blocked;
        List<CompletableFuture<ExtractableResponse<Response>>> queued = new ArrayList<>();
        try (Connection lock = holdCampaignLock(campaign)) {
            blocked = blockSlots(campaign, players.subList(0, 2));
            queued.add(drawLater(players.get(2), campaign, UUID.randomUUID()));
            queued.add(drawLater(players.get(3), campaign, UUID.randomUUID()));
            queued.add(drawLater(broke, campaign, UUID.randomUUID()));
            queued.add(drawLater(retrying, campaign, earlierRequest));
            queued.add(drawLater(players.get(4), noPool, UUID.randomUUID()));
            await(() -> batches.queued() == 5);
            lock.commit();
        }
        List<ExtractableResponse<Response>> first = new ArrayList<>();
        for (CompletableFuture<ExtractableResponse<Response>> f : blocked) {
            first.add(f.get(30, TimeUnit.SECONDS));
        }
        List<ExtractableResponse<Response>> shared = new ArrayList<>();
        for (CompletableFuture<ExtractableResponse<Response>> f : queued) {
            shared.add(f.get(30, TimeUnit.SECONDS));
        }

        // The five queued draws left as one transaction.
        assertThat(metrics.get("anquanli.draws.batch.size").summary().max()).isGreaterThanOrEqualTo(5)
                .isGreaterThan(largestBefore);
        // The two blocked draws and the two new draws of the batch competed for the two units left: two of them won
        // one, two drew "thanks". Which ones is not fixed: once the lock goes, the batch leaves as soon as the first
        // blocked draw frees its slot, and it can reach Redis before the second blocked draw does.
        List<ExtractableResponse<Response>> competing = new ArrayList<>(first);
        competing.addAll(shared.subList(0, 2));
        assertThat(competing).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.<Integer>path("chancesLeft")).isZero();
        });
        assertThat(competing.stream().filter(r -> Integer.valueOf(1).equals(r.path("prize.rank")))).hasSize(2);
        assertThat(competing.stream().filter(r -> "THANKS".equals(r.path("prize.kind")))).hasSize(2);
        assertThat(shared.get(2).statusCode()).isEqualTo(409);
        assertThat(shared.get(2).<String>path("code")).isEqualTo("no-chances");
        assertThat(shared.get(3).statusCode()).isEqualTo(200);
        assertThat(shared.get(3).<String>path("id")).isEqualTo(earlierId);
        assertThat(shared.get(3).<Integer>path("chancesLeft")).isEqualTo(1);
        assertThat(shared.get(4).statusCode()).isEqualTo(404);

        assertThat(fx.issued(tierId)).isEqualTo(3);
        assertThat(redisStock(campaign, tierId)).isZero();
        assertThat(db.count("select count(*) from lottery_draw where campaign_id = ?", campaign)).isEqualTo(5);
        assertThat(db.count("select count(*) from lottery_draw where participant_id = ?", broke.participantId()))
                .isZero();
        assertThat(db.count("select count(*) from lottery_chance where participant_id = ?", broke.participantId()))
                .isZero();
        assertThat(db.count("select count(distinct seq) from lottery_draw where campaign_id = ?", campaign))
                .isEqualTo(5);
    }

    @Test
    void aBatchThatCannotBeRecordedGivesEveryUnitBackAndCanBeRetried() throws Exception {
        long campaign = fx.campaign();
        long tierId = fx.pool(campaign, List.of(tier("灭火器", "PHYSICAL", TOTAL, 10, null, null))).get(0);
        List<Api.Session> players = fx.players(campaign, 5, 1);
        Api.Session doomed = players.get(2);
        // A fault only this participant's draw meets: the insert of the whole batch fails.
        db.update("create function lottery_batch_test_fault() returns trigger language plpgsql as $$ begin "
                + "if new.participant_id = " + doomed.participantId() + " then raise exception 'injected fault'; "
                + "end if; return new; end $$");
        db.update("create trigger lottery_batch_test_fault before insert on lottery_draw for each row "
                + "execute function lottery_batch_test_fault()");
        List<UUID> requests = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<ExtractableResponse<Response>> shared = new ArrayList<>();
        try {
            List<CompletableFuture<ExtractableResponse<Response>>> queued = new ArrayList<>();
            try (Connection lock = holdCampaignLock(campaign)) {
                blockSlots(campaign, players.subList(0, 2));
                queued.add(drawLater(doomed, campaign, requests.get(0)));
                queued.add(drawLater(players.get(3), campaign, requests.get(1)));
                queued.add(drawLater(players.get(4), campaign, requests.get(2)));
                await(() -> batches.queued() == 3);
                lock.commit();
            }
            for (CompletableFuture<ExtractableResponse<Response>> f : queued) {
                shared.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            db.update("drop trigger lottery_batch_test_fault on lottery_draw");
            db.update("drop function lottery_batch_test_fault()");
        }

        // All three failed together as a server error, and nothing of them remains: no draw, no chance spent, and
        // Redis holds the units it had handed out to them again.
        assertThat(shared).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.<String>path("code")).isEqualTo("internal-error");
        });
        await(() -> fx.issued(tierId) == 2);
        assertThat(redisStock(campaign, tierId)).isEqualTo(8);
        for (Api.Session s : List.of(doomed, players.get(3), players.get(4))) {
            assertThat(db.count("select count(*) from lottery_draw where participant_id = ?", s.participantId()))
                    .isZero();
        }
        // Retried with the same request ids once the fault is gone, they are drawn as new.
        for (int i = 0; i < 3; i++) {
            Api.Session s = i == 0 ? doomed : players.get(i + 2);
            draw(s, campaign, requests.get(i)).statusCode(201);
        }
        assertThat(fx.issued(tierId)).isEqualTo(5);
        assertThat(redisStock(campaign, tierId)).isEqualTo(5);
    }
}
