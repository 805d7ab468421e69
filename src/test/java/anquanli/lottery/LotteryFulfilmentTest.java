package anquanli.lottery;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.lottery.LotteryFixtures.TOTAL;
import static anquanli.lottery.LotteryFixtures.asAdmin;
import static anquanli.lottery.LotteryFixtures.draw;
import static anquanli.lottery.LotteryFixtures.pointsTier;
import static anquanli.lottery.LotteryFixtures.tier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Fulfilment (发奖) of claimed prizes: goods shipped then delivered, phone credit fulfilled, points automatic. */
@QuarkusTest
class LotteryFulfilmentTest {

    private static final String TRACKING = "SF1234567890123";

    @Inject
    LotteryFixtures fx;
    @Inject
    Db db;

    private record Won(long campaign, Api.Session winner, String drawId) {
    }

    /** A winner of one unit of a single-tier pool, registered in 东城区 (110101). */
    private Won winner(Map<String, Object> tier) {
        long campaign = fx.campaign();
        fx.pool(campaign, List.of(tier));
        Api.Session s = Api.player("110101001", null);
        fx.chances(campaign, s.participantId(), 1);
        String drawId = draw(s, campaign, UUID.randomUUID()).statusCode(201).extract().jsonPath().getString("id");
        return new Won(campaign, s, drawId);
    }

    private static ValidatableResponse claim(Won w) {
        return Api.as(w.winner()).contentType(ContentType.JSON)
                .body(Map.of("name", "李四", "phone", "13912345678", "address", "北京市东城区安全路18号"))
                .when().put("/api/v1/draws/{id}/claim", w.drawId()).then();
    }

    private static Map<String, Object> step(String status, String carrier, String tracking) {
        Map<String, Object> body = new HashMap<>();
        body.put("status", status);
        body.put("carrier", carrier);
        body.put("tracking", tracking);
        return body;
    }

    private static ValidatableResponse fulfil(String token, long campaign, String drawId, Map<String, Object> body) {
        return asAdmin(token).body(body).when()
                .put("/api/v1/admin/campaigns/{id}/lottery/claims/{drawId}/fulfilment", campaign, drawId).then();
    }

    private static ValidatableResponse claims(String token, long campaign) {
        return asAdmin(token).when().get("/api/v1/admin/campaigns/{id}/lottery/claims", campaign).then()
                .statusCode(200);
    }

    @Test
    void goodsAreShippedWithTrackingThenDeliveredAndTheListAndExportShowIt() {
        Won w = winner(tier("安全帽", "PHYSICAL", TOTAL, 5, 1, null));
        String national = AdminTokens.national();

        fulfil(national, w.campaign(), w.drawId(), step("SHIPPED", "顺丰速运", TRACKING)).statusCode(409)
                .body("code", equalTo("claim-missing"));
        claim(w).statusCode(200);
        claims(national, w.campaign()).body("items[0].status", equalTo("CLAIMED"))
                .body("items[0].fulfilledAt", nullValue());

        fulfil(national, w.campaign(), w.drawId(), step("SHIPPED", "顺丰速运", null)).statusCode(400)
                .body("code", equalTo("tracking-required"));
        fulfil(national, w.campaign(), w.drawId(), step("DELIVERED", null, null)).statusCode(400)
                .body("code", equalTo("fulfilment-transition-invalid"));
        fulfil(national, w.campaign(), w.drawId(), step("FULFILLED", null, null)).statusCode(400)
                .body("code", equalTo("fulfilment-transition-invalid"));
        claims(national, w.campaign()).body("items[0].status", equalTo("CLAIMED"));

        Map<String, Object> shipped = step("SHIPPED", "顺丰速运", TRACKING);
        shipped.put("note", "第一批");
        fulfil(national, w.campaign(), w.drawId(), shipped).statusCode(200).body("status", equalTo("SHIPPED"))
                .body("carrier", equalTo("顺丰速运")).body("tracking", equalTo(TRACKING))
                .body("fulfilmentNote", equalTo("第一批")).body("fulfilledBy", equalTo("nation"))
                .body("fulfilledAt", notNullValue()).body("name", equalTo("李四"));
        claims(national, w.campaign()).body("items[0].status", equalTo("SHIPPED"))
                .body("items[0].tracking", equalTo(TRACKING));
        // Region admins see where the prize stands, not the tracking number.
        claims(AdminTokens.region("110101"), w.campaign()).body("items[0].status", equalTo("SHIPPED"))
                .body("items[0].carrier", equalTo("顺丰速运")).body("items[0].tracking", nullValue())
                .body("items[0].fulfilmentNote", nullValue());
        // The winner can no longer change the address the prize is travelling to.
        claim(w).statusCode(409).body("code", equalTo("claim-fulfilled"));

        fulfil(national, w.campaign(), w.drawId(), step("DELIVERED", null, null)).statusCode(200)
                .body("status", equalTo("DELIVERED")).body("tracking", equalTo(TRACKING));
        fulfil(national, w.campaign(), w.drawId(), step("SHIPPED", "顺丰速运", "SF999")).statusCode(400)
                .body("code", equalTo("fulfilment-transition-invalid"));
        // Repeating the current step is harmless (PUT).
        fulfil(national, w.campaign(), w.drawId(), step("DELIVERED", null, null)).statusCode(200)
                .body("status", equalTo("DELIVERED"));

        String csv = asAdmin(national).when()
                .get("/api/v1/admin/campaigns/{id}/lottery/claims/export?format=csv", w.campaign())
                .then().statusCode(200).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).endsWith("carrier,tracking,fulfilled_at,fulfilled_by,fulfilment_note");
        assertThat(lines.get(1)).contains(w.drawId()).contains(",DELIVERED,").contains(TRACKING)
                .contains("顺丰速运").contains(",nation,").contains("第一批");
        assertThat(db.count("select count(*) from lottery_claim where draw_id = ?::uuid and fulfilment = 'DELIVERED' "
                + "and tracking = ?", w.drawId(), TRACKING)).isEqualTo(1);
    }

    @Test
    void phoneCreditIsFulfilledAndPointsNeedNoFulfilment() {
        Map<String, Object> credit = tier("话费10元", "PHONE_CREDIT", TOTAL, 5, null, null);
        credit.put("amount", 10);
        Won w = winner(credit);
        claim(w).statusCode(200);
        String national = AdminTokens.national();

        fulfil(national, w.campaign(), w.drawId(), step("SHIPPED", "顺丰速运", TRACKING)).statusCode(400)
                .body("code", equalTo("fulfilment-transition-invalid"));
        fulfil(national, w.campaign(), w.drawId(), step("FULFILLED", null, null)).statusCode(200)
                .body("status", equalTo("FULFILLED")).body("tracking", nullValue());
        claims(national, w.campaign()).body("items[0].status", equalTo("FULFILLED"));

        Won points = winner(pointsTier("积分", 20, TOTAL, 5));
        claims(national, points.campaign()).body("items[0].status", equalTo("FULFILLED"))
                .body("items[0].fulfilledAt", notNullValue());
        fulfil(national, points.campaign(), points.drawId(), step("FULFILLED", null, null)).statusCode(409)
                .body("code", equalTo("nothing-to-fulfil"));
    }

    @Test
    void unknownDrawsAreNotFoundAndOnlyTheNationalOfficeFulfils() {
        Won w = winner(tier("安全帽", "PHYSICAL", TOTAL, 5, 1, null));
        claim(w).statusCode(200);
        Map<String, Object> shipped = step("SHIPPED", "顺丰速运", TRACKING);

        fulfil(AdminTokens.national(), w.campaign(), UUID.randomUUID().toString(), shipped).statusCode(404);
        fulfil(AdminTokens.national(), fx.campaign(), w.drawId(), shipped).statusCode(404);
        fulfil(AdminTokens.region("110101"), w.campaign(), w.drawId(), shipped).statusCode(403);
        Api.badAs(w.winner()).contentType(ContentType.JSON).body(shipped).when()
                .put("/api/v1/admin/campaigns/{id}/lottery/claims/{drawId}/fulfilment", w.campaign(), w.drawId())
                .then().statusCode(401);
        Api.bad().contentType(ContentType.JSON).body(shipped).when()
                .put("/api/v1/admin/campaigns/{id}/lottery/claims/{drawId}/fulfilment", w.campaign(), w.drawId())
                .then().statusCode(401);
        Api.bad().header("Authorization", "Bearer " + AdminTokens.national()).contentType(ContentType.JSON)
                .body(Map.of("status", "LOST")).when()
                .put("/api/v1/admin/campaigns/{id}/lottery/claims/{drawId}/fulfilment", w.campaign(), w.drawId())
                .then().statusCode(400);

        claims(AdminTokens.national(), w.campaign()).body("items[0].status", equalTo("CLAIMED"));
    }
}
