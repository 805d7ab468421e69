package anquanli.lottery;

import anquanli.Api;
import anquanli.common.CryptoConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.lottery.LotteryFixtures.TOTAL;
import static anquanli.lottery.LotteryFixtures.draw;
import static anquanli.lottery.LotteryFixtures.tier;
import static org.assertj.core.api.Assertions.assertThat;

/** The participants of the public draw list: stable within a campaign, unlinkable across, and keyed. */
@QuarkusTest
class DrawPseudonymTest {

    @Inject
    LotteryFixtures fx;
    @Inject
    CryptoConfig crypto;

    @Test
    void pseudonymsAreKeyedStablePerParticipantAndDifferentInEachCampaign() throws Exception {
        long first = fx.campaign();
        long second = fx.campaign();
        for (long c : List.of(first, second)) {
            fx.pool(c, List.of(tier("话费10元", "PHONE_CREDIT", TOTAL / 2, 100, null, null)));
        }
        List<Api.Session> players = fx.players(first, 2, 2);
        Api.Session alice = players.get(0);
        Api.Session bob = players.get(1);
        fx.chances(second, alice.participantId(), 1);

        String a1 = drawId(alice, first);
        String a2 = drawId(alice, first);
        String b1 = drawId(bob, first);
        String aOther = drawId(alice, second);
        Map<String, String> listed = listed(first);
        listed.putAll(listed(second));

        assertThat(listed.get(a1)).matches("[0-9a-f]{16}").isEqualTo(listed.get(a2));
        assertThat(listed.get(b1)).matches("[0-9a-f]{16}").isNotEqualTo(listed.get(a1));
        assertThat(listed.get(aOther)).matches("[0-9a-f]{16}").isNotEqualTo(listed.get(a1));
        // Not the former unkeyed hash of the sequential id, which anyone could compute for every id...
        assertThat(listed.get(a1)).isNotEqualTo(unkeyed(first, alice.participantId()));
        assertThat(listed.get(aOther)).isNotEqualTo(unkeyed(second, alice.participantId()));
        // ...but an HMAC under the look-up hash key, which production must set (ProductionGuard refuses the dev one).
        assertThat(listed.get(a1)).isEqualTo(keyed(crypto.phoneHashKey(), first, alice.participantId()));
        assertThat(listed.get(a1)).isNotEqualTo(keyed(Base64.getEncoder().encodeToString(new byte[32]), first,
                alice.participantId()));
    }

    private static String drawId(Api.Session s, long campaign) {
        return draw(s, campaign, UUID.randomUUID()).statusCode(201).extract().path("id");
    }

    /** Draw id → published participant, from the public list. */
    private static Map<String, String> listed(long campaign) {
        List<Map<String, Object>> items = Api.api().when()
                .get("/api/v1/campaigns/{id}/lottery/draws?offset=0&limit=50", campaign)
                .then().statusCode(200).extract().jsonPath().getList("items");
        Map<String, String> out = new HashMap<>();
        items.forEach(d -> out.put((String) d.get("id"), (String) d.get("participant")));
        return out;
    }

    private static String unkeyed(long campaign, long participant) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(("anquanli-lottery-participant:" + campaign + ":"
                + participant).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(h, 0, 8);
    }

    private static String keyed(String base64Key, long campaign, long participant) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
        byte[] h = mac.doFinal(("lottery-participant:" + campaign + ":" + participant)
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 8);
    }
}
