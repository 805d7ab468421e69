package anquanli.leaderboard;

import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import anquanli.Play;
import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The boards' outbox, relay and self-healing: every closed attempt reaches the boards exactly once, whatever Redis
 * lost or missed, without anyone calling the rebuild.
 */
@QuarkusTest
class BoardHealingTest {

    @Inject
    BoardFixture boards;
    @Inject
    Play play;
    @Inject
    AppClock clock;
    @Inject
    Db db;
    @Inject
    LeaderboardRebuilder rebuilder;
    @Inject
    BoardRelay relay;
    @Inject
    RedisDataSource redis;

    @AfterEach
    void cleanUp() {
        clock.reset();
    }

    private void playOnce(Api.Session s, long campaign, int right) {
        play.playThrough(s, play.start(s, campaign), right);
    }

    /** Polls until the boards equal what the ledger says (reads answer 503 while a rebuild runs). */
    private void awaitBoardsEqualLedger(long c) throws InterruptedException {
        Map<String, Map<String, Long>> expected = boards.expectedFromLedger(c);
        long until = System.currentTimeMillis() + 30_000;
        Map<String, Map<String, Long>> actual = null;
        while (System.currentTimeMillis() < until) {
            actual = BoardFixture.values(boards.snapshot(c));
            boolean rebuilding = redis.execute("EXISTS", BoardKeys.rebuilding(c)).toInteger() == 1;
            if (!rebuilding && actual.equals(expected) && db.count("select count(*) from board_outbox") == 0) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void boardsHealThemselvesAfterRedisIsFlushed() throws Exception {
        long c = boards.campaign();
        playOnce(Api.player("320102", null), c, 3);
        playOnce(Api.player("320104", null), c, 1);
        awaitBoardsEqualLedger(c);

        boards.flushRedis();

        awaitBoardsEqualLedger(c);
        api().when().get("/api/v1/campaigns/{id}/leaderboards/regions", c).then().statusCode(200);
    }

    @Test
    void boardsHealWhenRedisComesBackFromAnOlderSnapshot() throws Exception {
        long c = boards.campaign();
        playOnce(Api.player("320102", null), c, 3);
        awaitBoardsEqualLedger(c);
        // What a restart from an older RDB file would bring back: every key as it was then, marker included.
        List<String> saved = new ArrayList<>();
        for (Response k : redis.execute("KEYS", BoardKeys.tag(c) + "*")) {
            saved.add(k.toString());
            redis.execute("COPY", k.toString(), "older:" + k, "REPLACE");
        }
        playOnce(Api.player("320104", null), c, 2);
        playOnce(Api.player("320104", null), c, 4);
        awaitBoardsEqualLedger(c);

        for (Response k : redis.execute("KEYS", BoardKeys.tag(c) + "*")) {
            redis.execute("DEL", k.toString());
        }
        for (String k : saved) {
            redis.execute("COPY", "older:" + k, k, "REPLACE");
            redis.execute("DEL", "older:" + k);
        }
        assertThat(redis.execute("GET", BoardKeys.built(c))).isNotNull();

        awaitBoardsEqualLedger(c);
    }

    @Test
    void updatesWaitInTheOutboxWhileBoardsCannotTakeThemAndArriveAfter() throws Exception {
        long c = boards.campaign();
        awaitBoardsEqualLedger(c);
        // The update script refuses while this marker is set, as it does when Redis is away: nothing reaches Redis.
        redis.execute("SET", BoardKeys.rebuilding(c), "test", "PX", "60000");
        Api.Session s = Api.player("320102", null);
        playOnce(s, c, 3);
        assertThat(db.count("select count(*) from board_outbox where campaign_id = ?", c)).isEqualTo(1);
        assertThat(redis.execute("ZSCORE", BoardKeys.participants(c, BoardKeys.TOTAL, BoardKeys.NATIONAL),
                Long.toString(s.participantId()))).isNull();

        redis.execute("DEL", BoardKeys.rebuilding(c));

        awaitBoardsEqualLedger(c);
    }

    @Test
    void anEntryAppliedBeforeACrashIsNotAppliedAgain() throws Exception {
        long c = boards.campaign();
        playOnce(Api.player("320102", null), c, 3);
        awaitBoardsEqualLedger(c);
        Map<String, Map<String, Long>> before = BoardFixture.values(boards.snapshot(c));
        // A relay that ran the script and died before its delete committed leaves the entry in the outbox.
        String appliedId = redis.execute("ZRANGE", BoardKeys.applied(c), "0", "0").get(0).toString();
        Map<String, Object> attempt = db.row("select attempt_id from points_ledger where campaign_id = ? limit 1", c);
        db.update("insert into board_outbox (id, campaign_id, attempt_id, keys, args) select ?, ?, ?, "
                        + "array[?, ?, ?, ?], array['1', 'A', '4', 'CN', '1000']", Long.parseLong(appliedId), c,
                attempt.get("attempt_id"), BoardKeys.applied(c), BoardKeys.rebuilding(c), BoardKeys.appliedCount(c),
                BoardKeys.participants(c, BoardKeys.TOTAL, BoardKeys.NATIONAL));

        relay.drain().await().atMost(Duration.ofSeconds(10));

        assertThat(db.count("select count(*) from board_outbox where campaign_id = ?", c)).isZero();
        assertThat(BoardFixture.values(boards.snapshot(c))).isEqualTo(before);
    }

    @Test
    void readsDuringARebuildSaySoWithRetryAfter() {
        long c = boards.campaign();
        redis.execute("SET", BoardKeys.rebuilding(c), "test", "PX", "60000");
        try {
            api().when().get("/api/v1/campaigns/{id}/leaderboards/participants", c).then().statusCode(503)
                    .header("Retry-After", "30")
                    .body("code", equalTo("leaderboard-rebuilding"));
            Api.Session s = Api.player("320102", null);
            Api.as(s).queryParam("campaign", c).when().get("/api/v1/me/ranks").then().statusCode(503)
                    .body("code", equalTo("leaderboard-rebuilding"));
        } finally {
            redis.execute("DEL", BoardKeys.rebuilding(c));
        }
        api().when().get("/api/v1/campaigns/{id}/leaderboards/participants", c).then().statusCode(200);
    }

    @Test
    void oneInstanceRebuildsAtATime() throws Exception {
        long c = boards.campaign();
        playOnce(Api.player("320102", null), c, 3);
        List<String> outcomes = Concurrently.run(4, () -> {
            try {
                rebuilder.rebuild(c).await().atMost(Duration.ofSeconds(30));
                return "rebuilt";
            } catch (ApiProblem e) {
                return e.code();
            }
        });
        assertThat(outcomes).contains("rebuilt").containsOnly("rebuilt", "rebuild-in-progress");
        awaitBoardsEqualLedger(c);
    }

    @Test
    void aRebuildUnderLiveTrafficIsExact() throws Exception {
        long c = boards.campaign();
        List<Api.Session> players = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            players.add(Api.player(i % 2 == 0 ? "320102" : "110105001", null));
        }
        AtomicInteger next = new AtomicInteger();
        List<Object> results = Concurrently.run(4, () -> {
            int i = next.getAndIncrement();
            if (i == 0) {
                Thread.sleep(300);
                boards.rebuild(c);
                return "rebuilt";
            }
            for (int k = i - 1; k < players.size(); k += 3) {
                playOnce(players.get(k), c, k % 6);
            }
            return "played";
        });
        assertThat(results).hasSize(4);

        awaitBoardsEqualLedger(c);
    }

    @Test
    void dailyBoardsExpireAndTheCampaignsDoNot() {
        long c = boards.campaign();
        playOnce(Api.player("320102", null), c, 3);
        long daily = redis.execute("TTL", BoardKeys.participants(c, BoardKeys.period(clock.today()),
                BoardKeys.NATIONAL)).toLong();
        long total = redis.execute("TTL", BoardKeys.participants(c, BoardKeys.TOTAL, BoardKeys.NATIONAL)).toLong();
        // Seven days after today ends (Asia/Shanghai): between 7 and 8 days from now.
        assertThat(daily).isBetween(Duration.ofDays(7).toSeconds(), Duration.ofDays(8).toSeconds());
        assertThat(total).isEqualTo(-1);
    }

    @Test
    void twoFirstAttemptsClosingTogetherCountTheParticipantOnce() throws Exception {
        long c = play.shortCampaign(2);
        for (int round = 0; round < 4; round++) {
            Api.Session s = Api.player("410102", null);
            String a = play.start(s, c);
            String b = play.start(s, c);
            answerAllButLast(s, a);
            answerAllButLast(s, b);
            List<Integer> statuses = Concurrently.run(2, new java.util.concurrent.Callable<>() {
                final AtomicInteger which = new AtomicInteger();

                @Override
                public Integer call() {
                    String id = which.getAndIncrement() == 0 ? a : b;
                    play.current(s, id);
                    return play.answer(s, id, 5, db.correctOptionIds(id, 5)).extract().statusCode();
                }
            });
            assertThat(statuses).containsOnly(200);
        }
        assertThat(db.count("select coalesce(sum(first_in_campaign), 0) from competition_rollup where campaign_id = ? "
                + "and region_code = '410102' and parent_code = '4101'", c)).isEqualTo(4);
        assertThat(db.count("select coalesce(sum(first_in_day), 0) from competition_rollup where campaign_id = ? "
                + "and region_code = 'CN'", c)).isEqualTo(4);
        awaitBoardsEqualLedger(c);
    }

    private void answerAllButLast(Api.Session s, String attemptId) {
        for (int i = 1; i < 5; i++) {
            play.current(s, attemptId);
            play.answer(s, attemptId, i, db.correctOptionIds(attemptId, i)).statusCode(200);
        }
    }

    @Test
    void aStaleInstanceCannotExceedTheDailyChanceCapAfterTheLimitIsRaised() throws Exception {
        // Five questions, a chance per 2 correct (2 each), at most 3 a day.
        long c = play.shortCampaign(1);
        for (int round = 0; round < 3; round++) {
            Api.Session s = Api.player("410102", null);
            db.update("update campaign set attempts_per_day = 1 where id = ?", c);
            String a = play.start(s, c);
            // Raised in the database; this instance's cache still says one a day.
            db.update("update campaign set attempts_per_day = 2 where id = ?", c);
            String b = play.start(s, c);
            answerAllButLast(s, a);
            answerAllButLast(s, b);
            AtomicInteger which = new AtomicInteger();
            Concurrently.run(2, () -> {
                String id = which.getAndIncrement() == 0 ? a : b;
                play.current(s, id);
                return play.answer(s, id, 5, db.correctOptionIds(id, 5)).statusCode(200);
            });
            assertThat(db.count("select sum(lottery_chances) from attempt where participant_id = ? and campaign_id = ?",
                    s.participantId(), c)).isEqualTo(3);
        }
    }

    @Test
    void anAttemptOfACampaignThisInstanceHasNotLoadedYetCloses() throws Exception {
        long c = ((Number) db.row("insert into campaign (code, name, start_date, end_date, status, attempts_per_day, "
                        + "questions_per_attempt, seconds_per_question, correct_per_chance, chances_per_day_cap, "
                        + "points_per_correct, perfect_bonus, category_mix) values (?, '新活动', ?, ?, 'ACTIVE', 1, 5, "
                        + "30, 2, 3, 10, 0, '{\"fire\":2,\"safety-law\":3}'::jsonb) returning id",
                "fresh-" + java.util.UUID.randomUUID().toString().substring(0, 8), clock.today().minusDays(1),
                clock.today().plusDays(3)).get("id")).longValue();
        Api.Session s = Api.player("320102", null);

        playOnce(s, c, 4);

        assertThat(db.count("select count(*) from points_ledger where campaign_id = ?", c)).isEqualTo(1);
        assertThat(db.count("select sum(attempts) from competition_rollup where campaign_id = ? and region_code = 'CN'",
                c)).isEqualTo(1);
    }

    @Test
    void myRanksOfAParticipantWhoIsGoneIsNotFoundNotAnError() {
        long c = boards.campaign();
        Api.Session s = Api.login(Api.newPhone());
        db.update("delete from refresh_token where participant_id = ?", s.participantId());
        db.update("delete from participant where id = ?", s.participantId());

        Api.as(s).queryParam("campaign", c).when().get("/api/v1/me/ranks").then().statusCode(404);
    }
}
