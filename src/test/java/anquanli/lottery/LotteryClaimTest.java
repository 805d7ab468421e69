package anquanli.lottery;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import anquanli.common.AppClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.lottery.LotteryFixtures.TOTAL;
import static anquanli.lottery.LotteryFixtures.asAdmin;
import static anquanli.lottery.LotteryFixtures.draw;
import static anquanli.lottery.LotteryFixtures.tier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class LotteryClaimTest {

    private static final String NAME = "张三丰";
    private static final String PHONE = "13812345678";
    private static final String ADDRESS = "北京市东城区安全路18号";

    @Inject
    LotteryFixtures fx;
    @Inject
    Db db;
    @Inject
    AppClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private record Won(long campaign, Api.Session winner, String drawId) {
    }

    /** A winner of a physical prize, registered in 东城区 (110101). */
    private Won physicalWinner() {
        long campaign = fx.campaign();
        fx.pool(campaign, List.of(tier("安全帽", "PHYSICAL", TOTAL, 5, 1, null)));
        Api.Session s = Api.player("110101001", null);
        fx.chances(campaign, s.participantId(), 1);
        String drawId = draw(s, campaign, UUID.randomUUID()).statusCode(201).body("claimable", equalTo(true))
                .extract().jsonPath().getString("id");
        return new Won(campaign, s, drawId);
    }

    private static Map<String, Object> claim(String address) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", NAME);
        body.put("phone", PHONE);
        body.put("address", address);
        return body;
    }

    private static io.restassured.response.ValidatableResponse putClaim(Api.Session s, String drawId,
                                                                       Map<String, Object> body) {
        return Api.as(s).contentType(ContentType.JSON).body(body).when()
                .put("/api/v1/draws/{id}/claim", drawId).then();
    }

    @Test
    void claimsAreEncryptedAtRestAndMaskedInPublic() {
        Won w = physicalWinner();

        putClaim(w.winner(), w.drawId(), claim(ADDRESS)).statusCode(200).body("name", equalTo("张**"))
                .body("phone", equalTo("138****5678")).body("hasAddress", equalTo(true));

        Map<String, Object> raw = db.row("select name_cipher, phone_cipher, address_cipher, name_masked, phone_masked "
                + "from lottery_claim where draw_id = ?::uuid", w.drawId());
        for (String column : List.of("name_cipher", "phone_cipher", "address_cipher")) {
            String bytes = new String((byte[]) raw.get(column), StandardCharsets.ISO_8859_1);
            for (String plain : List.of(NAME, PHONE, ADDRESS, "安全路")) {
                assertThat(bytes).doesNotContain(new String(plain.getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(raw.get("name_masked")).isEqualTo("张**");

        String winners = Api.api().when().get("/api/v1/campaigns/{id}/winners", w.campaign()).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].name", equalTo("张**"))
                .body("items[0].phone", equalTo("138****5678")).body("items[0].prize.name", equalTo("安全帽"))
                .extract().asString();
        assertThat(winners).doesNotContain(NAME).doesNotContain(PHONE).doesNotContain("安全路");
    }

    @Test
    void nationalAdminsSeeClaimsInClearAndRegionAdminsMaskedAndOnlyTheirRegion() {
        Won w = physicalWinner();
        putClaim(w.winner(), w.drawId(), claim(ADDRESS)).statusCode(200);

        asAdmin(AdminTokens.national()).when().get("/api/v1/admin/campaigns/{id}/lottery/claims", w.campaign())
                .then().statusCode(200).body("items[0].name", equalTo(NAME)).body("items[0].phone", equalTo(PHONE))
                .body("items[0].address", equalTo(ADDRESS)).body("items[0].status", equalTo("CLAIMED"));
        asAdmin(AdminTokens.region("110101")).when().get("/api/v1/admin/campaigns/{id}/lottery/claims", w.campaign())
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].name", equalTo("张**"))
                .body("items[0].phone", equalTo("138****5678")).body("items[0].address", nullValue());
        asAdmin(AdminTokens.region("120101")).when().get("/api/v1/admin/campaigns/{id}/lottery/claims", w.campaign())
                .then().statusCode(200).body("total", equalTo(0));
        asAdmin(AdminTokens.region("120101")).when()
                .get("/api/v1/admin/campaigns/{id}/lottery/claims?region=110101", w.campaign())
                .then().statusCode(403).body("code", equalTo("region-out-of-scope"));

        String csv = asAdmin(AdminTokens.national()).when()
                .get("/api/v1/admin/campaigns/{id}/lottery/claims/export?format=csv", w.campaign())
                .then().statusCode(200).extract().asString();
        assertThat(csv).contains(NAME).contains(PHONE).contains(ADDRESS).contains(w.drawId());
        byte[] xlsx = asAdmin(AdminTokens.national()).when()
                .get("/api/v1/admin/campaigns/{id}/lottery/claims/export?format=xlsx", w.campaign())
                .then().statusCode(200).extract().asByteArray();
        assertThat(new String(xlsx, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("PK");
        asAdmin(AdminTokens.region("110101")).when()
                .get("/api/v1/admin/campaigns/{id}/lottery/claims/export?format=csv", w.campaign())
                .then().statusCode(403);
    }

    @Test
    void claimsNeedAPrizeAnAddressForGoodsAndTheDeadline() {
        Won w = physicalWinner();
        putClaim(w.winner(), w.drawId(), claim(null)).statusCode(400).body("code", equalTo("address-required"));
        Map<String, Object> badPhone = claim(ADDRESS);
        badPhone.put("phone", "12345");
        putClaim(w.winner(), w.drawId(), badPhone).statusCode(400).body("code", equalTo("phone-invalid"));
        // Someone else's draw is not found.
        putClaim(Api.player(), w.drawId(), claim(ADDRESS)).statusCode(404);

        // A thanks draw has nothing to claim.
        fx.chances(w.campaign(), w.winner().participantId(), 1);
        String thanks = draw(w.winner(), w.campaign(), UUID.randomUUID()).statusCode(201)
                .body("prize.kind", equalTo("THANKS")).body("claimable", equalTo(false))
                .extract().jsonPath().getString("id");
        putClaim(w.winner(), thanks, claim(ADDRESS)).statusCode(409).body("code", equalTo("nothing-to-claim"));

        clock.shift(Duration.ofDays(5));
        putClaim(w.winner(), w.drawId(), claim(ADDRESS)).statusCode(409).body("code", equalTo("claim-closed"));
        asAdmin(AdminTokens.national()).when().get("/api/v1/admin/campaigns/{id}/lottery/claims", w.campaign())
                .then().statusCode(200).body("items.status", hasItem("EXPIRED"))
                .body("items.status", not(hasItem("CLAIMED")));
    }
}
