package anquanli.lottery;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import anquanli.common.AppClock;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.Api.api;

/** Campaigns, prize pools and chances for lottery tests: each test makes its own campaign. */
@ApplicationScoped
public class LotteryFixtures {

    public static final int TOTAL = 1_000_000;

    private final Db db;
    private final Play play;
    private final AppClock clock;

    public LotteryFixtures(Db db, Play play, AppClock clock) {
        this.db = db;
        this.play = play;
        this.clock = clock;
    }

    /** An open campaign of its own: 5 questions an attempt, 1 a day, 1 chance per 2 correct answers, 3 a day. */
    public long campaign() {
        return play.shortCampaign(1);
    }

    public static Map<String, Object> tier(String name, String kind, int weight, int stock, Integer perPersonLimit,
                                           Integer dailyRelease) {
        Map<String, Object> t = new HashMap<>();
        t.put("name", name);
        t.put("kind", kind);
        t.put("weight", weight);
        t.put("stock", stock);
        t.put("perPersonLimit", perPersonLimit);
        t.put("dailyRelease", dailyRelease);
        return t;
    }

    /** A POINTS tier worth {@code points} to whoever wins it. */
    public static Map<String, Object> pointsTier(String name, int points, int weight, int stock) {
        Map<String, Object> t = tier(name, "POINTS", weight, stock, null, null);
        t.put("amount", points);
        return t;
    }

    public Map<String, Object> poolBody(List<Map<String, Object>> tiers) {
        Map<String, Object> body = new HashMap<>();
        body.put("drawDeadline", clock.now().plus(Duration.ofDays(3)).toString());
        body.put("claimDeadline", clock.now().plus(Duration.ofDays(4)).toString());
        body.put("totalWeight", TOTAL);
        body.put("thanksName", "谢谢参与");
        body.put("tiers", tiers);
        return body;
    }

    /** Creates the pool through the admin API; returns the tier ids in rank order. */
    public List<Long> pool(long campaignId, List<Map<String, Object>> tiers) {
        return asAdmin(AdminTokens.national()).body(poolBody(tiers))
                .when().post("/api/v1/admin/campaigns/{id}/lottery", campaignId).then().statusCode(201)
                .extract().jsonPath().getList("tiers.id", Long.class);
    }

    public static RequestSpecification asAdmin(String token) {
        return api().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** Chances straight into the ledger (as if attempts had earned them). */
    public void chances(long campaignId, long participantId, int n) {
        db.update("insert into lottery_chance (campaign_id, participant_id, delta, created_at) values (?, ?, ?, now())",
                campaignId, participantId, n);
    }

    public static ValidatableResponse draw(Api.Session s, long campaignId, UUID requestId) {
        return Api.as(s).contentType(ContentType.JSON).body(Map.of("requestId", requestId.toString()))
                .when().post("/api/v1/campaigns/{id}/draws", campaignId).then();
    }

    /** Participants signed in (no profile needed to draw), each with chances. */
    public List<Api.Session> players(long campaignId, int count, int chancesEach) {
        List<Api.Session> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Api.Session s = Api.login(Api.newPhone());
            chances(campaignId, s.participantId(), chancesEach);
            out.add(s);
        }
        return out;
    }

    public long issued(long tierId) {
        return db.count("select count(*) from lottery_draw where tier_id = ?", tierId);
    }

    public Instant now() {
        return clock.now();
    }
}
