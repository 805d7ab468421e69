package anquanli.statistics;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import anquanli.common.AppClock;
import anquanli.leaderboard.BoardFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class StatisticsTest {

    @Inject
    BoardFixture fixture;
    @Inject
    Play play;
    @Inject
    Db db;
    @Inject
    AppClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static RequestSpecification admin(String token) {
        return api().header("Authorization", "Bearer " + token);
    }

    /** Plays a small campaign in 乌鲁木齐: two towns of 天山区, one county-level player, one in 沙依巴克区. */
    private long playedCampaign() {
        long c = fixture.campaign();
        List<Api.Session> players = List.of(Api.player("650102002", null), Api.player("650102002", null),
                Api.player("650102003", null), Api.player("650102", null), Api.player("650103", null));
        int right = 0;
        for (int day = 0; day < 2; day++) {
            for (Api.Session s : players) {
                play.playThrough(s, play.start(s, c), right++ % 6);
            }
            clock.shift(Duration.ofDays(1));
        }
        return c;
    }

    @Test
    void childRowsAddUpToTheTotalWhichEqualsTheLedger() {
        long c = playedCampaign();

        JsonPath report = admin(AdminTokens.region("65")).queryParam("campaign", c).queryParam("region", "6501")
                .when().get("/api/v1/admin/statistics").then().statusCode(200)
                .body("region.code", equalTo("6501"))
                .body("sections[0].key", equalTo("competition"))
                .extract().jsonPath();

        Map<String, Number> total = report.getMap("sections[0].total");
        List<Map<String, Object>> rows = report.getList("sections[0].rows");
        assertThat(rows).hasSizeGreaterThan(5); // every county of 乌鲁木齐, zeroes included
        for (String key : List.of("attempts", "perfectAttempts", "lotteryChances", "points", "participants")) {
            long sum = rows.stream().mapToLong(r -> ((Number) ((Map<?, ?>) r.get("values")).get(key)).longValue()).sum();
            assertThat(sum).as(key).isEqualTo(total.get(key).longValue());
        }
        Map<String, Object> ledger = db.row("select count(*) as attempts, count(distinct participant_id) as people, "
                + "sum(points) as points from points_ledger where campaign_id = ? and city_code = '6501'", c);
        assertThat(total.get("attempts").longValue()).isEqualTo(((Number) ledger.get("attempts")).longValue()).isEqualTo(10);
        assertThat(total.get("participants").longValue()).isEqualTo(5);
        assertThat(total.get("points").longValue()).isEqualTo(((Number) ledger.get("points")).longValue());
        long chances = db.count("select coalesce(sum(a.lottery_chances), 0) from attempt a join points_ledger l "
                + "on l.attempt_id = a.id where l.campaign_id = ? and l.city_code = '6501'", c);
        assertThat(total.get("lotteryChances").longValue()).isEqualTo(chances);
        List<Map<String, Object>> daily = report.getList("sections[0].daily");
        assertThat(daily).hasSize(2);
        assertThat(daily.stream().mapToLong(d -> ((Number) ((Map<?, ?>) d.get("values")).get("attempts")).longValue())
                .sum()).isEqualTo(10);
    }

    @Test
    void countyViewKeepsPeopleRegisteredAtCountyLevel() {
        long c = playedCampaign();

        JsonPath report = admin(AdminTokens.region("650102")).queryParam("campaign", c)
                .when().get("/api/v1/admin/statistics").then().statusCode(200).extract().jsonPath();

        List<Map<String, Object>> rows = report.getList("sections[0].rows");
        Map<String, Object> unassigned = rows.stream().filter(r -> r.get("region") == null).findFirst().orElseThrow();
        assertThat(((Map<?, ?>) unassigned.get("values")).get("attempts")).isEqualTo(2);
        long sum = rows.stream().mapToLong(r -> ((Number) ((Map<?, ?>) r.get("values")).get("attempts")).longValue()).sum();
        assertThat(sum).isEqualTo(report.getLong("sections[0].total.attempts")).isEqualTo(8);
    }

    @Test
    void exportsCarryTheSameFigures() throws Exception {
        long c = playedCampaign();
        JsonPath json = admin(AdminTokens.national()).queryParam("campaign", c).queryParam("region", "6501")
                .get("/api/v1/admin/statistics").jsonPath();
        long attempts = json.getLong("sections[0].total.attempts");

        byte[] csv = admin(AdminTokens.national()).queryParam("campaign", c).queryParam("region", "6501")
                .queryParam("format", "csv").when().get("/api/v1/admin/statistics/export").then().statusCode(200)
                .header("Content-Disposition", startsWith("attachment; filename*=UTF-8''"))
                .contentType(startsWith("text/csv")).extract().asByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF").contains("进展情况统计表").contains("参与知识竞赛人次");
        String totalLine = text.lines().filter(l -> l.startsWith("合计")).findFirst().orElseThrow();
        assertThat(totalLine.split(",")[3]).isEqualTo(Long.toString(attempts));

        byte[] xlsx = admin(AdminTokens.national()).queryParam("campaign", c).queryParam("region", "6501")
                .queryParam("format", "xlsx").when().get("/api/v1/admin/statistics/export").then().statusCode(200)
                .extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheet("知识竞赛");
            assertThat(sheet.getRow(1).getCell(3).getStringCellValue()).isEqualTo("参与知识竞赛人次");
            var last = sheet.getRow(sheet.getLastRowNum());
            assertThat(last.getCell(0).getStringCellValue()).isEqualTo("合计");
            assertThat((long) last.getCell(3).getNumericCellValue()).isEqualTo(attempts);
            assertThat(wb.getSheet("知识竞赛（每日）").getLastRowNum()).isEqualTo(2);
        }
    }

    @Test
    void fastAnswersAndSharedDevicesAreListedForReview() {
        long c = fixture.campaign();
        Api.Session fast = Api.player("650104", null);
        Api.Session careful = Api.player("650104", null);
        String quick = play.start(fast, c);
        play.playThrough(fast, quick, 5);
        String slow = play.start(careful, c);
        for (int i = 1; i <= 5; i++) {
            play.current(careful, slow);
            clock.shift(Duration.ofSeconds(4));
            play.answer(careful, slow, i, db.correctOptionIds(slow, i)).statusCode(200);
        }
        for (int i = 0; i < 3; i++) {
            Api.Session s = Api.player("650104", null);
            Api.as(s).header("X-Device-Id", "office-pc-" + c).when()
                    .post("/api/v1/campaigns/{id}/attempts", c).then().statusCode(201);
        }

        admin(AdminTokens.region("650104")).queryParam("campaign", c)
                .when().get("/api/v1/admin/review/suspicious-attempts").then().statusCode(200)
                .body("items.attemptId", org.hamcrest.Matchers.contains(quick))
                .body("items[0].participant", equalTo("测*手"));
        admin(AdminTokens.region("650104")).queryParam("campaign", c).queryParam("minAccounts", 3)
                .when().get("/api/v1/admin/review/shared-devices").then().statusCode(200)
                .body("items.value", org.hamcrest.Matchers.hasItem("office-pc-" + c))
                .body("items.find { it.value == 'office-pc-" + c + "' }.accounts", equalTo(3));
        admin(AdminTokens.region("650104")).queryParam("campaign", c).queryParam("minAccounts", 4)
                .when().get("/api/v1/admin/review/shared-devices").then().statusCode(200)
                .body("items.value", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("office-pc-" + c)));
    }

    @Test
    void everyEndpointRefusesOtherRegionsAndNonAdmins() {
        long c = fixture.campaign();
        String county = AdminTokens.region("650102");
        for (String path : List.of("/api/v1/admin/statistics", "/api/v1/admin/statistics/export",
                "/api/v1/admin/review/suspicious-attempts", "/api/v1/admin/review/shared-devices")) {
            admin(county).queryParam("campaign", c).queryParam("region", "650103").when().get(path).then()
                    .statusCode(403).body("code", equalTo("region-out-of-scope"));
            admin(county).queryParam("campaign", c).queryParam("region", "65").when().get(path).then()
                    .statusCode(403);
            admin(Api.login(Api.newPhone()).accessToken()).queryParam("campaign", c).when().get(path).then()
                    .statusCode(401);
            admin(AdminTokens.token("officer", List.of("hazard-officer"), "650102")).queryParam("campaign", c)
                    .when().get(path).then().statusCode(403);
        }
        admin(county).queryParam("campaign", c).queryParam("from", "2026-06-30").queryParam("to", "2026-06-01")
                .when().get("/api/v1/admin/statistics").then().statusCode(400).body("code", equalTo("range-invalid"));
    }
}
