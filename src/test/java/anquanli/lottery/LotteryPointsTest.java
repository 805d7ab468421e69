package anquanli.lottery;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import anquanli.common.AppClock;
import anquanli.leaderboard.BoardFixture;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.lottery.LotteryFixtures.TOTAL;
import static anquanli.lottery.LotteryFixtures.asAdmin;
import static anquanli.lottery.LotteryFixtures.draw;
import static anquanli.lottery.LotteryFixtures.pointsTier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** POINTS prizes: credited once with the draw, the winner's own, never a region's or a unit's. */
@QuarkusTest
class LotteryPointsTest {

    @Inject
    LotteryFixtures fx;
    @Inject
    BoardFixture boards;
    @Inject
    Db db;
    @Inject
    Play play;
    @Inject
    AppClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long prizeRows(String drawId) {
        return db.count("select count(*) from points_ledger where draw_id = ?::uuid", drawId);
    }

    @Test
    void aPointsWinCreditsTheTierAmountOnceAndRetriesCreditNothingMore() {
        long campaign = fx.campaign();
        fx.pool(campaign, List.of(pointsTier("积分50", 50, TOTAL, 10)));
        Api.Session s = Api.player("110101001", null);
        fx.chances(campaign, s.participantId(), 2);
        UUID request = UUID.randomUUID();

        String drawId = draw(s, campaign, request).statusCode(201).body("prize.kind", equalTo("POINTS"))
                .body("prize.amount", equalTo(50)).extract().jsonPath().getString("id");

        Map<String, Object> row = db.row("select participant_id, reason, points, attempt_id, province_code, "
                + "county_code, town_code from points_ledger where draw_id = ?::uuid", drawId);
        assertThat(row.get("participant_id")).isEqualTo(s.participantId());
        assertThat(row.get("reason")).isEqualTo("LOTTERY");
        assertThat(row.get("points")).isEqualTo(50);
        assertThat(row.get("attempt_id")).isNull();
        assertThat(row.get("province_code")).isEqualTo("11");
        assertThat(row.get("town_code")).isEqualTo("110101001");

        // The app retries the same spin: same draw, no second credit.
        draw(s, campaign, request).statusCode(200).body("id", equalTo(drawId));
        assertThat(prizeRows(drawId)).isEqualTo(1);
        Api.as(s).when().get("/api/v1/me/lottery?campaign=" + campaign).then().statusCode(200)
                .body("pointsWon", equalTo(50)).body("chancesLeft", equalTo(1));

        draw(s, campaign, UUID.randomUUID()).statusCode(201);
        assertThat(db.count("select count(*) from points_ledger where participant_id = ? and campaign_id = ? "
                + "and reason = 'LOTTERY'", s.participantId(), campaign)).isEqualTo(2);
        Api.as(s).when().get("/api/v1/me/lottery?campaign=" + campaign).then().statusCode(200)
                .body("pointsWon", equalTo(100));
        // Another campaign's lottery shows none of them.
        Api.as(s).when().get("/api/v1/me/lottery?campaign=" + fx.campaign()).then().statusCode(200)
                .body("pointsWon", equalTo(0));
    }

    @Test
    void aWinnerWithoutAProfileIsCreditedWithoutARegion() {
        long campaign = fx.campaign();
        fx.pool(campaign, List.of(pointsTier("积分", 30, TOTAL, 10)));
        Api.Session s = fx.players(campaign, 1, 1).get(0);

        String drawId = draw(s, campaign, UUID.randomUUID()).statusCode(201).extract().jsonPath().getString("id");

        Map<String, Object> row = db.row("select points, province_code from points_ledger where draw_id = ?::uuid",
                drawId);
        assertThat(row.get("points")).isEqualTo(30);
        assertThat(row.get("province_code")).isNull();
        Api.as(s).when().get("/api/v1/me/lottery?campaign=" + campaign).then().statusCode(200)
                .body("pointsWon", equalTo(30));
    }

    @Test
    void prizePointsMoveNoBoardAndNoStatisticsEvenAfterARebuild() {
        long campaign = boards.campaign();
        long unit = boards.unit("110101");
        Api.Session s = Api.player("110101001", unit);
        play.playThrough(s, play.start(s, campaign), 5); // 5 right: one chance in this campaign
        fx.chances(campaign, s.participantId(), 1);
        rebuild(campaign);
        Boards before = boards(campaign, s);

        fx.pool(campaign, List.of(pointsTier("积分1000", 1000, TOTAL, 10)));
        draw(s, campaign, UUID.randomUUID()).statusCode(201).body("prize.kind", equalTo("POINTS"));
        draw(s, campaign, UUID.randomUUID()).statusCode(201).body("prize.kind", equalTo("POINTS"));
        assertThat(db.count("select coalesce(sum(points), 0) from points_ledger where campaign_id = ? "
                + "and reason = 'LOTTERY'", campaign)).isEqualTo(2000);

        assertThat(boards(campaign, s)).isEqualTo(before);
        rebuild(campaign);
        assertThat(boards(campaign, s)).isEqualTo(before);
        assertThat(BoardFixture.values(boards.snapshot(campaign))).isEqualTo(boards.expectedFromLedger(campaign));
        // The participant still has the 2000 prize points, as their own.
        Api.as(s).when().get("/api/v1/me/lottery?campaign=" + campaign).then().statusCode(200)
                .body("pointsWon", equalTo(2000));
    }

    private record Boards(String regions, String units, String participants, String myRank, Object statistics,
                          Object statisticsDaily) {
    }

    private Boards boards(long campaign, Api.Session s) {
        String regions = Api.api().queryParam("parent", "1101").when()
                .get("/api/v1/campaigns/{id}/leaderboards/regions", campaign).then().statusCode(200)
                .extract().path("items").toString();
        String units = Api.api().queryParam("region", "110101").when()
                .get("/api/v1/campaigns/{id}/leaderboards/units", campaign).then().statusCode(200)
                .extract().path("items").toString();
        String participants = Api.api().when().get("/api/v1/campaigns/{id}/leaderboards/participants", campaign)
                .then().statusCode(200).extract().path("items").toString();
        String mine = Api.as(s).when().get("/api/v1/me/ranks?campaign=" + campaign).then().statusCode(200)
                .extract().asString();
        var stats = asAdmin(AdminTokens.national()).queryParam("campaign", campaign).queryParam("region", "11")
                .when().get("/api/v1/admin/statistics").then().statusCode(200).extract().jsonPath();
        return new Boards(regions, units, participants, mine, stats.get("sections[0].total"),
                stats.get("sections[0].daily"));
    }

    private static void rebuild(long campaign) {
        asAdmin(AdminTokens.national()).when().post("/api/v1/admin/campaigns/{id}/leaderboards/rebuild", campaign)
                .then().statusCode(200);
    }
}
