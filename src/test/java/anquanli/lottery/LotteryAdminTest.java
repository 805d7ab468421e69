package anquanli.lottery;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import anquanli.common.AppClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static anquanli.lottery.LotteryFixtures.TOTAL;
import static anquanli.lottery.LotteryFixtures.asAdmin;
import static anquanli.lottery.LotteryFixtures.draw;
import static anquanli.lottery.LotteryFixtures.tier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
class LotteryAdminTest {

    @Inject
    LotteryFixtures fx;
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

    @Test
    void chancesAreCreditedWhenAnAttemptCloses() {
        long campaign = fx.campaign();
        Api.Session s = Api.player("110101001", null);
        String attempt = play.start(s, campaign);
        Api.as(s).when().get("/api/v1/me/lottery?campaign=" + campaign).then().statusCode(200)
                .body("chancesLeft", equalTo(0)).body("drawDeadline", equalTo(null));

        play.playThrough(s, attempt, 5);

        // 5 correct, one chance per 2 correct answers: 2 chances, in the same transaction as the closing.
        Map<String, Object> row = db.row("select delta, participant_id from lottery_chance where attempt_id = ?::uuid",
                attempt);
        assertThat(row.get("delta")).isEqualTo(2);
        assertThat(row.get("participant_id")).isEqualTo(s.participantId());
        assertThat(db.count("select lottery_chances from attempt where id = ?::uuid", attempt)).isEqualTo(2);

        fx.pool(campaign, List.of(tier("积分", "POINTS", TOTAL, 10, null, null)));
        draw(s, campaign, UUID.randomUUID()).statusCode(201).body("chancesLeft", equalTo(1))
                .body("prize.kind", equalTo("POINTS"));
        Api.as(s).when().get("/api/v1/me/lottery?campaign=" + campaign).then().statusCode(200)
                .body("chancesEarned", equalTo(2)).body("chancesSpent", equalTo(1)).body("chancesLeft", equalTo(1))
                .body("draws", hasSize(1));
    }

    @Test
    void poolsAreSetUpOnceWithAPublishedCommitmentAndStockOnlyGrows() {
        long campaign = fx.campaign();
        List<Long> tiers = fx.pool(campaign, List.of(tier("手机", "PHYSICAL", 1000, 2, 1, null),
                tier("话费", "PHONE_CREDIT", 10_000, 30, null, 10)));
        asAdmin(AdminTokens.national()).body(fx.poolBody(List.of(tier("x", "POINTS", 1, 1, null, null))))
                .when().post("/api/v1/admin/campaigns/{id}/lottery", campaign).then().statusCode(409)
                .body("code", equalTo("lottery-exists"));
        asAdmin(AdminTokens.national()).body(fx.poolBody(List.of(tier("x", "POINTS", TOTAL + 1, 1, null, null))))
                .when().post("/api/v1/admin/campaigns/{id}/lottery", fx.campaign()).then().statusCode(400)
                .body("code", equalTo("weights-exceed-total"));

        String commitment = asAdmin(AdminTokens.national()).when()
                .get("/api/v1/admin/campaigns/{id}/lottery", campaign).then().statusCode(200)
                .body("tiers[1].released", equalTo(20)).body("tiers[1].redisStock", equalTo(20))
                .body("commitment", matchesPattern("[0-9a-f]{64}")).extract().jsonPath().getString("commitment");
        Api.api().when().get("/api/v1/campaigns/{id}/lottery/fairness", campaign).then().statusCode(200)
                .body("commitment", equalTo(commitment)).body("tiers[0].stockHistory[0].units", equalTo(2));

        asAdmin(AdminTokens.national()).body(Map.of("units", 3))
                .when().post("/api/v1/admin/campaigns/{id}/lottery/tiers/{tierId}/stock", campaign, tiers.get(0))
                .then().statusCode(200).body("tiers[0].stock", equalTo(5));
        Api.api().when().get("/api/v1/campaigns/{id}/lottery/fairness", campaign).then().statusCode(200)
                .body("tiers[0].stockHistory", hasSize(2));
        Api.bad().header("Authorization", "Bearer " + AdminTokens.national()).contentType(ContentType.JSON)
                .body(Map.of("units", -1))
                .when().post("/api/v1/admin/campaigns/{id}/lottery/tiers/{tierId}/stock", campaign, tiers.get(0))
                .then().statusCode(400);
    }

    @Test
    void adminEndpointsRefuseMissingTokensRegionAdminsAndParticipants() {
        long campaign = fx.campaign();
        long tierId = fx.pool(campaign, List.of(tier("手机", "PHYSICAL", 1000, 2, 1, null))).get(0);
        String base = "/api/v1/admin/campaigns/" + campaign + "/lottery";
        List<Function<RequestSpecification, io.restassured.response.Response>> nationalOnly = List.of(
                r -> r.body(fx.poolBody(List.of(tier("x", "POINTS", 1, 1, null, null)))).post(base),
                r -> r.get(base),
                r -> r.body(Map.of("units", 1)).post(base + "/tiers/" + tierId + "/stock"),
                r -> r.post(base + "/reconcile"),
                r -> r.get(base + "/claims/export"));
        Api.Session participant = Api.player();
        for (var call : nationalOnly) {
            call.apply(Api.bad().contentType(ContentType.JSON)).then().statusCode(401);
            call.apply(asAdmin(AdminTokens.region("110101"))).then().statusCode(403);
            call.apply(Api.as(participant).contentType(ContentType.JSON)).then().statusCode(401);
        }
        Api.bad().when().get(base + "/claims").then().statusCode(401);
        asAdmin(AdminTokens.token("officer", List.of("hazard-officer"), "110101")).when().get(base + "/claims")
                .then().statusCode(403);
        asAdmin(AdminTokens.region("110101")).when().get(base + "/claims?region=120101").then().statusCode(403)
                .body("code", equalTo("region-out-of-scope"));
        // Nothing changed.
        asAdmin(AdminTokens.national()).when().get(base).then().statusCode(200).body("tiers[0].stock", equalTo(2));
    }
}
