package anquanli.hazard;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import anquanli.common.AppClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.hazard.HazardFixtures.COUNTY;
import static anquanli.hazard.HazardFixtures.OTHER_COUNTY;
import static anquanli.hazard.HazardFixtures.Photo;
import static anquanli.hazard.HazardFixtures.asAdmin;
import static anquanli.hazard.HazardFixtures.form;
import static anquanli.hazard.HazardFixtures.officer;
import static anquanli.hazard.HazardFixtures.realName;
import static anquanli.hazard.HazardFixtures.report;
import static anquanli.hazard.HazardFixtures.step;
import static anquanli.hazard.HazardFixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class HazardRewardAndIdentityTest {

    @BeforeEach
    void forgetLimits() {
        fx.clearLimits();
    }

    @Inject
    HazardFixtures fx;

    @Inject
    Db db;
    @Inject
    AppClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static ValidatableResponse reveal(String token, String id, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);
        return (reason == null || reason.length() < 5 ? Api.bad().header("Authorization", "Bearer " + token) : asAdmin(token))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/admin/hazard-reports/{id}/reporter-identity", id).then();
    }

    private static ValidatableResponse decide(String token, String id, Object... keyValues) {
        Map<String, Object> body = new HashMap<>();
        body.put("reason", "依据举报奖励办法审查");
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return asAdmin(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/admin/hazard-reports/{id}/reward-decisions", id).then();
    }

    private static void close(String officer, String id, Integer fine) {
        step(officer, id, "ACCEPTED").statusCode(200);
        step(officer, id, "VERIFYING").statusCode(200);
        if (fine == null) {
            step(officer, id, "CLOSED").statusCode(200);
        } else {
            step(officer, id, "CLOSED", "fineAmount", fine).statusCode(200);
        }
    }

    @Test
    void theIdentityIsRevealedOnlyToTheRegionsOfficersWithAReasonAndEveryRevealIsAudited() {
        Api.Session reporter = Api.player();
        String id = report(reporter, realName("reporterName", "孙举报"));
        long before = db.count("select count(*) from hazard_identity_reveal where report_id = ?::uuid",
                UUID.fromString(id));

        reveal(officer(COUNTY), id, null).statusCode(400).body("code", equalTo("validation-failed"));
        reveal(officer(COUNTY), id, "短").statusCode(400);
        reveal(AdminTokens.region(COUNTY), id, "核实举报内容需要联系举报人").statusCode(403);
        reveal(AdminTokens.national(), id, "核实举报内容需要联系举报人").statusCode(403);
        reveal(officer(OTHER_COUNTY), id, "核实举报内容需要联系举报人").statusCode(404);
        assertThat(db.count("select count(*) from hazard_identity_reveal where report_id = ?::uuid",
                UUID.fromString(id))).isEqualTo(before);

        reveal(officer(COUNTY), id, "核实举报内容需要联系举报人").statusCode(200).header("Cache-Control", "no-store")
                .body("name", equalTo("孙举报")).body("phone", equalTo(reporter.phone()))
                .body("participantId", equalTo((int) reporter.participantId()));
        Map<String, Object> audit = db.row("select officer, officer_region_code, reason from hazard_identity_reveal "
                + "where report_id = ?::uuid order by id desc limit 1", UUID.fromString(id));
        assertThat(audit).containsEntry("officer", "officer-" + COUNTY).containsEntry("officer_region_code", COUNTY)
                .containsEntry("reason", "核实举报内容需要联系举报人");

        asAdmin(AdminTokens.national()).when().get("/api/v1/admin/hazard-reports/identity-reveals").then()
                .statusCode(200).body("items.reportId", hasItem(id)).body("items.reason", hasItem("核实举报内容需要联系举报人"));
        asAdmin(officer(COUNTY)).when().get("/api/v1/admin/hazard-reports/identity-reveals").then().statusCode(403);
        asAdmin(AdminTokens.region(COUNTY)).when().get("/api/v1/admin/hazard-reports/identity-reveals").then()
                .statusCode(403);

        String anonymous = report(null, form());
        reveal(officer(COUNTY), anonymous, "核实举报内容需要联系举报人").statusCode(404)
                .body("code", equalTo("reporter-anonymous"));
    }

    @Test
    void aRewardIsFifteenPercentOfTheFineWithinItsBoundsForTheFirstRealNameReporterOnly() {
        Api.Session first = Api.player();
        Api.Session second = Api.player();
        String officer = officer(COUNTY);
        String original = report(first, realName("category", "HAZCHEM"));
        String later = report(second, realName("category", "HAZCHEM"));
        step(officer, later, "DUPLICATE", "duplicateOf", original).statusCode(200);

        decide(officer, original, "decision", "GRANT", "basis", "MAJOR_HAZARD").statusCode(409)
                .body("code", equalTo("reward-not-eligible"));
        close(officer, original, 100_000);

        decide(officer, later, "decision", "GRANT", "basis", "MAJOR_HAZARD").statusCode(409)
                .body("code", equalTo("reward-not-first-reporter")).body("firstReport", equalTo(original));
        decide(officer, original, "decision", "GRANT", "basis", "MAJOR_HAZARD", "amount", 20000).statusCode(422)
                .body("code", equalTo("reward-amount-invalid")).body("ruleAmount", equalTo(15000.0f));
        decide(officer, original, "decision", "GRANT", "basis", "MAJOR_HAZARD", "amount", 15000).statusCode(200)
                .body("current.status", equalTo("GRANTED")).body("current.amount", equalTo(15000.0f))
                .body("decisions.size()", equalTo(1));
        decide(AdminTokens.region(COUNTY), original, "decision", "DENY").statusCode(403);

        Api.as(second).when().post("/api/v1/me/hazard-reports/{id}/reward/claim", later).then().statusCode(409)
                .body("code", equalTo("nothing-to-claim"));
        Api.as(first).when().get("/api/v1/me/hazard-reports/{id}", original).then().statusCode(200)
                .body("reward.status", equalTo("GRANTED")).body("reward.amount", equalTo(15000.0f));
        Api.as(first).when().post("/api/v1/me/hazard-reports/{id}/reward/claim", original).then().statusCode(200)
                .body("status", equalTo("CLAIMED"));
        decide(officer, original, "decision", "DENY").statusCode(409).body("code", equalTo("reward-settled"));
        decide(officer, original, "decision", "PAY").statusCode(200).body("current.status", equalTo("PAID"))
                .body("decisions.decision", equalTo(List.of("GRANT", "PAY")));
    }

    @Test
    void aClaimAndADenialAtOnceNeverBothSucceed() throws Exception {
        String officer = officer(COUNTY);
        for (int round = 0; round < 5; round++) {
            Api.Session reporter = Api.player();
            String id = report(reporter, realName("category", "INDUSTRY_TRADE"));
            close(officer, id, 30_000);
            decide(officer, id, "decision", "GRANT", "basis", "ILLEGAL_ACTIVITY").statusCode(200);
            java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
            List<Integer> codes = Concurrently.run(2, () -> turn.getAndIncrement() == 0
                    ? Api.as(reporter).when().post("/api/v1/me/hazard-reports/{id}/reward/claim", id).then()
                    .extract().statusCode()
                    : 1000 + decide(officer, id, "decision", "DENY").extract().statusCode());
            String status = (String) db.row("select status from hazard_reward where report_id = ?::uuid",
                    UUID.fromString(id)).get("status");
            // Either the claim came first (the denial is refused) or the denial did (nothing left to claim).
            assertThat(codes).containsAnyOf(200, 1200);
            assertThat(codes.contains(200) && codes.contains(1200)).as("both succeeded: %s", codes).isFalse();
            assertThat(status).isEqualTo(codes.contains(200) ? "CLAIMED" : "DENIED");
        }
    }

    @Test
    void theFineRecordedAtClosingIsTheRewardsBasis() {
        String officer = officer(COUNTY);
        String id = report(Api.player(), realName("category", "GAS"));
        close(officer, id, 40_000);
        decide(officer, id, "decision", "GRANT", "basis", "MAJOR_HAZARD", "fineAmount", 400_000).statusCode(409)
                .body("code", equalTo("reward-fine-mismatch"));
        decide(officer, id, "decision", "GRANT", "basis", "MAJOR_HAZARD").statusCode(200)
                .body("current.amount", equalTo(6000.0f)).body("decisions[0].fineAmount", equalTo(40000.0f));
    }

    @Test
    void theRuleBoundsTheAmount() {
        assertThat(RewardRule.amount(RewardRule.Basis.MAJOR_HAZARD, new java.math.BigDecimal("1000"), null, null))
                .isEqualByComparingTo("3000");
        assertThat(RewardRule.amount(RewardRule.Basis.ILLEGAL_ACTIVITY, new java.math.BigDecimal("5000000"), null,
                null)).isEqualByComparingTo("300000");
        assertThat(RewardRule.amount(RewardRule.Basis.MAJOR_HAZARD, new java.math.BigDecimal("123456.78"), null,
                null)).isEqualByComparingTo("18518.52");
        assertThat(RewardRule.amount(RewardRule.Basis.CONCEALED_ACCIDENT, null, 2,
                RewardRule.AccidentGrade.LARGER)).isEqualByComparingTo("80000");
        assertThat(RewardRule.amount(RewardRule.Basis.CONCEALED_ACCIDENT, null, 7,
                RewardRule.AccidentGrade.ESPECIALLY_MAJOR)).isEqualByComparingTo("300000");
    }

    @Test
    void anAnonymousReporterIsRewardedOnlyAfterProvingTheSecretAndIdentifyingThemself() {
        JsonPath sent = submit(null, form("category", "MINING"), Photo.jpeg(TestPhotos.jpeg(64, 48)))
                .statusCode(201).extract().jsonPath();
        String id = sent.getString("id");
        String code = sent.getString("trackingCode");
        String secret = sent.getString("trackingSecret");
        String officer = officer(COUNTY);
        close(officer, id, 0);
        decide(officer, id, "decision", "GRANT", "basis", "ILLEGAL_ACTIVITY").statusCode(409)
                .body("code", equalTo("reward-reporter-anonymous"));

        Api.Session person = Api.player();
        Api.as(person).header("X-Tracking-Secret", "WRONG-SECRET").contentType(ContentType.JSON)
                .body(Map.of("name", "周匿名")).when().post("/api/v1/hazard-reports/track/{code}/identity", code)
                .then().statusCode(404);
        Api.as(person).header("X-Tracking-Secret", secret).contentType(ContentType.JSON)
                .body(Map.of("name", "周匿名")).when().post("/api/v1/hazard-reports/track/{code}/identity", code)
                .then().statusCode(200).body("identified", equalTo(true));
        Api.as(person).header("X-Tracking-Secret", secret).contentType(ContentType.JSON)
                .body(Map.of("name", "周匿名")).when().post("/api/v1/hazard-reports/track/{code}/identity", code)
                .then().statusCode(409).body("code", equalTo("already-identified"));

        decide(officer, id, "decision", "GRANT", "basis", "ILLEGAL_ACTIVITY").statusCode(200)
                .body("current.amount", equalTo(3000.0f));
        Api.as(person).when().get("/api/v1/me/hazard-reports").then().statusCode(200)
                .body("items.id", hasItem(id)).body("items.find { it.id == '" + id + "' }.anonymous", equalTo(true));
        clock.shift(Duration.ofDays(91));
        Api.as(person).when().post("/api/v1/me/hazard-reports/{id}/reward/claim", id).then().statusCode(409)
                .body("code", equalTo("reward-claim-closed"));
    }

    @Test
    void twoGrantsForOneMatterAtOnceGiveOneReward() throws Exception {
        String officer = officer(COUNTY);
        String id = report(Api.player(), realName("category", "ROAD_TRAFFIC"));
        close(officer, id, 50_000);
        List<Integer> codes = Concurrently.run(8, () -> decide(officer, id, "decision", "GRANT", "basis",
                "ILLEGAL_ACTIVITY").extract().statusCode());
        assertThat(codes).contains(200);
        assertThat(db.count("select count(*) from hazard_reward where matter_id = ?::uuid and status = 'GRANTED'",
                UUID.fromString(id))).isEqualTo(1);
    }
}
