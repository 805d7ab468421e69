package anquanli.leaderboard;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Play;
import anquanli.common.AppClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static anquanli.Api.api;
import static anquanli.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class LeaderboardTest {

    @Inject
    BoardFixture boards;
    @Inject
    Play play;
    @Inject
    AppClock clock;
    @Inject
    LeaderboardRebuilder rebuilder;
    @Inject
    BoardScript script;
    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private void playOnce(Api.Session s, long campaign, int right) {
        play.playThrough(s, play.start(s, campaign), right);
    }

    @Test
    void boardsEqualTheLedgerAfterRandomPlayAndAgainAfterARebuild() {
        long c = boards.campaign();
        long countyUnit = boards.unit("110105");
        long townUnit = boards.unit("310115004");
        List<Api.Session> players = List.of(
                Api.player("110105001", countyUnit), Api.player("110105002", countyUnit),
                Api.player("110105001", null), Api.player("310115004", townUnit),
                Api.player("310115005", null), Api.player("320102", null));
        Random random = new Random(42);
        for (int day = 0; day < 3; day++) {
            for (Api.Session s : players) {
                if (random.nextInt(5) > 0) {
                    playOnce(s, c, random.nextInt(6));
                }
                clock.shift(Duration.ofSeconds(7));
            }
            clock.shift(Duration.ofDays(1));
        }

        Map<String, Map<String, Double>> live = boards.snapshot(c);
        assertThat(BoardFixture.values(live)).isEqualTo(boards.expectedFromLedger(c));

        // Redis loses everything mid-campaign; the ledger rebuilds it, scores (and so ties) included.
        boards.flushRedis();
        assertThat(boards.snapshot(c)).isEmpty();
        boards.rebuild(c);

        assertThat(boards.snapshot(c)).isEqualTo(live);
    }

    @Test
    void equalPointsGoToWhoeverGotThereFirst() {
        long c = boards.campaign();
        Api.Session first = Api.player("330106002", null);
        Api.Session second = Api.player("330106002", null);
        Api.Session best = Api.player("330106004", null);
        playOnce(second, c, 0); // on the board early with 0 points: reaching 30 later still counts as later
        clock.shift(Duration.ofSeconds(5));
        playOnce(first, c, 3);
        clock.shift(Duration.ofDays(1));
        playOnce(second, c, 3);
        playOnce(best, c, 5);

        api().queryParam("region", "330106").when().get("/api/v1/campaigns/{id}/leaderboards/participants", c)
                .then().statusCode(200)
                .header("Cache-Control", startsWith("public"))
                .body("items.value", contains(70, 30, 30))
                .body("items.rank", contains(1, 2, 3))
                .body("items.name", hasItem("测*手"));
        var ranks = List.of(
                as(first).queryParam("campaign", c).get("/api/v1/me/ranks").jsonPath().getInt("regions[2].rank"),
                as(second).queryParam("campaign", c).get("/api/v1/me/ranks").jsonPath().getInt("regions[2].rank"));
        assertThat(ranks).containsExactly(2, 3);
    }

    @Test
    void myRanksCoverEveryLevelAndMyUnit() {
        long c = boards.campaign();
        long unit = boards.unit("110105002");
        Api.Session me = Api.player("110105002", unit);
        Api.Session other = Api.player("110105002", null);
        playOnce(other, c, 5);
        playOnce(me, c, 2);

        as(me).queryParam("campaign", c).when().get("/api/v1/me/ranks").then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .body("national.rank", equalTo(2))
                .body("national.points", equalTo(20))
                .body("national.of", equalTo(2))
                .body("regions.scope.code", contains("11", "1101", "110105", "110105002"))
                .body("regions.rank", contains(2, 2, 2, 2))
                .body("unit.unitId", equalTo((int) unit))
                .body("unit.national.rank", equalTo(1))
                .body("unit.county.rank", equalTo(1));
        Api.Session newcomer = Api.player("110105002", null);
        as(newcomer).queryParam("campaign", c).when().get("/api/v1/me/ranks").then().statusCode(200)
                .body("national.rank", nullValue())
                .body("unit", nullValue());
    }

    @Test
    void regionAndUnitBoardsRankByEachMetric() {
        long c = boards.campaign();
        long unit = boards.unit("310115004");
        playOnce(Api.player("310115004", unit), c, 5);
        playOnce(Api.player("310115004", unit), c, 1);
        playOnce(Api.player("110105001", null), c, 4);

        api().queryParam("metric", "PARTICIPANTS").when().get("/api/v1/campaigns/{id}/leaderboards/regions", c)
                .then().statusCode(200)
                .body("items.code", contains("31", "11"))
                .body("items.value", contains(2, 1))
                .body("items.level", hasItem("PROVINCE"));
        api().queryParam("parent", "3101").queryParam("metric", "POINTS")
                .when().get("/api/v1/campaigns/{id}/leaderboards/regions", c).then().statusCode(200)
                .body("scope.code", equalTo("3101"))
                .body("items.code", contains("310115"))
                .body("items.value", contains(50 + 20 + 10));
        api().queryParam("region", "310115").queryParam("metric", "ATTEMPTS").queryParam("day", clock.today().toString())
                .when().get("/api/v1/campaigns/{id}/leaderboards/units", c).then().statusCode(200)
                .body("items.unitId", contains((int) unit))
                .body("items.value", contains(2));
        api().queryParam("metric", "FAME").when().get("/api/v1/campaigns/{id}/leaderboards/regions", c)
                .then().statusCode(400).body("code", equalTo("metric-unknown"));
        api().queryParam("day", clock.today().plusDays(30).toString())
                .when().get("/api/v1/campaigns/{id}/leaderboards/regions", c)
                .then().statusCode(400).body("code", equalTo("day-outside-campaign"));
        api().when().get("/api/v1/campaigns/{id}/leaderboards/regions", 987654).then().statusCode(404);
    }

    @Test
    void participationRateUsesTheConfiguredBase() {
        long c = boards.campaign();
        api().header("Authorization", "Bearer " + AdminTokens.region("11")).contentType(ContentType.JSON)
                .body(Map.of("kind", "REGION", "code", "110108", "base", 4000)).when()
                .put("/api/v1/admin/leaderboards/bases").then().statusCode(200);
        api().header("Authorization", "Bearer " + AdminTokens.region("31")).contentType(ContentType.JSON)
                .body(Map.of("kind", "REGION", "code", "110108", "base", 1)).when()
                .put("/api/v1/admin/leaderboards/bases").then().statusCode(403)
                .body("code", equalTo("region-out-of-scope"));
        playOnce(Api.player("110108", null), c, 1);
        playOnce(Api.player("110108", null), c, 1);

        api().queryParam("parent", "1101").queryParam("metric", "RATE")
                .when().get("/api/v1/campaigns/{id}/leaderboards/regions", c).then().statusCode(200)
                .body("items.code", contains("110108"))
                .body("items.value", contains(2 * 1_000_000 / 4000));
    }

    @Test
    void onlyTheNationalOfficeRebuilds() {
        long c = boards.campaign();
        api().header("Authorization", "Bearer " + AdminTokens.region("11")).when()
                .post("/api/v1/admin/campaigns/{id}/leaderboards/rebuild", c).then().statusCode(403);
        api().header("Authorization", "Bearer " + Api.login(Api.newPhone()).accessToken()).when()
                .post("/api/v1/admin/campaigns/{id}/leaderboards/rebuild", c).then().statusCode(401);
        api().header("Authorization", "Bearer " + AdminTokens.national()).when()
                .post("/api/v1/admin/campaigns/{id}/leaderboards/rebuild", c).then().statusCode(200)
                .body("campaignId", equalTo((int) c));
    }

    @Test
    void boardsAreUpdatedByTheOneScript() {
        long c = boards.campaign();
        redis.execute("SCRIPT", "FLUSH");
        playOnce(Api.player("320102", null), c, 1);

        assertThat(redis.execute("SCRIPT", "EXISTS", script.sha()).get(0).toInteger()).isEqualTo(1);
        assertThat(boards.snapshot(c)).isNotEmpty();
    }
}
