package anquanli.faults;

import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import anquanli.leaderboard.BoardFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Redis crashes under play and comes back empty: requests that need it answer 503 with Retry-After (never 500), the
 * answers that do not need it go on, and once it is back the boards are exact again without anyone's call.
 */
@QuarkusTest
@TestProfile(RedisFaultTest.OwnRedis.class)
class RedisFaultTest {

    public static class OwnRedis implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivateRedis.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Its own schema too: the restarted application must not clean the schema the other tests' instance uses.
            return Map.of("anquanli.db.schema", "anquanli_test_faults");
        }
    }

    @Inject
    Play play;
    @Inject
    BoardFixture boards;
    @Inject
    Db db;

    @Test
    void redisCrashAnswers503AndTheBoardsHealWhenItIsBack() throws Exception {
        long c = boards.campaign();
        Api.Session before = Api.player("320102", null);
        Api.Session during = Api.player("110105001", null);
        play.playThrough(before, play.start(before, c), 3);

        PrivateRedis.kill();
        try {
            api().when().get("/api/v1/campaigns/{id}/leaderboards/regions", c).then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .body("code", equalTo("service-unavailable"));
            // Answering needs PostgreSQL only: the attempt closes, and its board update waits in the outbox.
            play.playThrough(during, play.start(during, c), 4);
            assertThat(db.count("select count(*) from board_outbox where campaign_id = ?", c)).isEqualTo(1);
        } finally {
            PrivateRedis.startRedis();
        }

        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until
                && !BoardFixture.values(boards.snapshot(c)).equals(boards.expectedFromLedger(c))) {
            Thread.sleep(200);
        }
        assertThat(BoardFixture.values(boards.snapshot(c))).isEqualTo(boards.expectedFromLedger(c));
        api().when().get("/api/v1/campaigns/{id}/leaderboards/regions", c).then().statusCode(200);
    }
}
