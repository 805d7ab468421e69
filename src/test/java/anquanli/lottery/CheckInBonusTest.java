package anquanli.lottery;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import anquanli.Play;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The optional lottery bonus for a participant's first check-in: off by default, once per campaign, and within the
 * day's chance cap shared with answering (the short campaign: 1 chance per 2 correct answers, 3 a day).
 */
@QuarkusTest
class CheckInBonusTest {

    private static final String TOWN = "650102002"; // 乌鲁木齐市天山区燕儿窝街道: only this class holds events there

    @Inject
    LotteryFixtures fx;

    @Inject
    Play play;

    @Inject
    Db db;

    private long campaignWithPool(int bonus) {
        long campaign = fx.campaign();
        fx.pool(campaign, List.of(LotteryFixtures.pointsTier("积分", 10, 1000, 100)));
        if (bonus > 0) {
            LotteryFixtures.asAdmin(AdminTokens.national()).body(Map.of("chances", bonus))
                    .when().put("/api/v1/admin/campaigns/{id}/lottery/check-in-bonus", campaign).then()
                    .statusCode(200).body("chances", equalTo(bonus));
        }
        return campaign;
    }

    private static String event(long campaign) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> e = new HashMap<>();
        e.put("campaignId", campaign);
        e.put("name", "安全宣传咨询");
        e.put("kind", "CONSULTATION");
        e.put("regionCode", TOWN);
        e.put("address", "燕儿窝街道广场");
        e.put("startsAt", now.minus(Duration.ofMinutes(5)).toString());
        e.put("endsAt", now.plus(Duration.ofHours(2)).toString());
        return Api.api().header("Authorization", "Bearer " + AdminTokens.national()).contentType(ContentType.JSON)
                .body(e).when().post("/api/v1/admin/activities").then().statusCode(201).extract().jsonPath()
                .getString("checkInCode.code");
    }

    private static ValidatableResponse checkIn(Api.Session p, String code) {
        return Api.as(p).contentType(ContentType.JSON)
                .body(Map.of("code", code, "nonce", UUID.randomUUID().toString()))
                .when().post("/api/v1/check-ins").then();
    }

    private long chances(long campaign, long participant) {
        return db.count("select coalesce(sum(delta), 0) from lottery_chance where campaign_id = ? "
                + "and participant_id = ?", campaign, participant);
    }

    @Test
    void withoutABonusACheckInEarnsNothing() {
        long campaign = campaignWithPool(0);
        Api.Session p = Api.player();

        checkIn(p, event(campaign)).statusCode(201).body("bonusChances", equalTo(0));
        assertThat(chances(campaign, p.participantId())).isZero();
        LotteryFixtures.asAdmin(AdminTokens.national())
                .when().get("/api/v1/admin/campaigns/{id}/lottery/check-in-bonus", campaign).then().statusCode(200)
                .body("chances", equalTo(0));
    }

    @Test
    void onlyTheFirstCheckInOfACampaignEarnsTheBonusAndARetryDoesNotEarnItAgain() {
        long campaign = campaignWithPool(1);
        Api.Session p = Api.player();
        String first = event(campaign);
        String nonce = UUID.randomUUID().toString();

        Api.as(p).contentType(ContentType.JSON).body(Map.of("code", first, "nonce", nonce))
                .when().post("/api/v1/check-ins").then().statusCode(201).body("bonusChances", equalTo(1));
        Api.as(p).contentType(ContentType.JSON).body(Map.of("code", first, "nonce", nonce))
                .when().post("/api/v1/check-ins").then().statusCode(201).body("bonusChances", equalTo(1));
        checkIn(p, event(campaign)).statusCode(201).body("bonusChances", equalTo(0));

        assertThat(chances(campaign, p.participantId())).isEqualTo(1);
    }

    @Test
    void theBonusIsCutToWhatTheDayHasLeftAfterAnswering() {
        long campaign = campaignWithPool(2);
        Api.Session p = Api.player();
        String attempt = play.start(p, campaign);
        play.playThrough(p, attempt, 5); // 5 correct: 2 chances of the day's 3

        checkIn(p, event(campaign)).statusCode(201).body("bonusChances", equalTo(1));
        assertThat(chances(campaign, p.participantId())).isEqualTo(3);
    }

    @Test
    void answeringAfterTheBonusEarnsOnlyWhatTheDayHasLeft() {
        long campaign = campaignWithPool(2);
        Api.Session p = Api.player();
        checkIn(p, event(campaign)).statusCode(201).body("bonusChances", equalTo(2));

        String attempt = play.start(p, campaign);
        play.playThrough(p, attempt, 5);

        assertThat(db.count("select lottery_chances from attempt where id = ?::uuid", attempt)).isEqualTo(1);
        assertThat(chances(campaign, p.participantId())).isEqualTo(3);
    }

    @Test
    void simultaneousFirstCheckInsAtManyEventsEarnOneBonus() throws Exception {
        long campaign = campaignWithPool(1);
        Api.Session p = Api.player();
        List<String> codes = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            codes.add(event(campaign));
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        List<Integer> bonuses = Concurrently.run(8, () -> checkIn(p, codes.get(next.getAndIncrement()))
                .statusCode(201).extract().jsonPath().getInt("bonusChances"));

        assertThat(bonuses.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
        assertThat(chances(campaign, p.participantId())).isEqualTo(1);
    }

    @Test
    void theBonusIsSetByTheNationalOfficeOnly() {
        long campaign = campaignWithPool(0);

        LotteryFixtures.asAdmin(AdminTokens.region("65")).body(Map.of("chances", 1))
                .when().put("/api/v1/admin/campaigns/{id}/lottery/check-in-bonus", campaign).then().statusCode(403);
        Api.bad().header("Authorization", "Bearer " + AdminTokens.national()).contentType(ContentType.JSON)
                .body(Map.of("chances", 9)).when().put("/api/v1/admin/campaigns/{id}/lottery/check-in-bonus", campaign).then().statusCode(400);
        LotteryFixtures.asAdmin(AdminTokens.national()).body(Map.of("chances", 1))
                .when().put("/api/v1/admin/campaigns/{id}/lottery/check-in-bonus", fx.campaign()).then()
                .statusCode(404);
    }
}
