package anquanli.statistics.rounds;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import anquanli.RecordingSmsSender;
import anquanli.participant.SmsMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The progress report as a workflow: counties of 天津 (12) fill in and submit, their city and province see the sums,
 * the level above reopens, the status board lists who is late, and the tables export in the official layout.
 */
@QuarkusTest
class ReportRoundTest {

    private static final String PROVINCE = "12";
    private static final String CITY = "1201";
    private static final String HEPING = "120101";
    private static final String HEDONG = "120102";

    @Inject
    Play play;
    @Inject
    Db db;
    @Inject
    RecordingSmsSender sms;

    private static RequestSpecification as(String token) {
        return Api.api().header("Authorization", "Bearer " + token);
    }

    private static long open(long campaign, Instant deadline) {
        Map<String, Object> body = new HashMap<>();
        body.put("campaignId", campaign);
        body.put("title", "第一次调度");
        body.put("deadline", deadline.toString());
        return as(AdminTokens.national()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/admin/report-rounds").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static ValidatableResponse fill(String token, long round, String region, Map<String, Object> entries,
                                            boolean submit) {
        return as(token).contentType(ContentType.JSON).body(Map.of("entries", entries, "submit", submit))
                .when().put("/api/v1/admin/report-rounds/{id}/submissions/{region}", round, region).then();
    }

    private static JsonPath table(String token, long round, String region) {
        return as(token).when().get("/api/v1/admin/report-rounds/{id}/submissions/{region}", round, region).then()
                .statusCode(200).extract().jsonPath();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(JsonPath table, String id) {
        for (Map<String, Object> s : table.getList("sections", Map.class)) {
            for (Map<String, Object> l : (List<Map<String, Object>>) s.get("lines")) {
                for (Map<String, Object> f : (List<Map<String, Object>>) l.get("fields")) {
                    if (id.equals(f.get("id"))) {
                        return f;
                    }
                }
            }
        }
        throw new AssertionError("no field " + id);
    }

    private static long total(JsonPath table, String id) {
        return ((Number) field(table, id).get("total")).longValue();
    }

    @Test
    void countySubmissionsRollUpExactlyIntoTheirCityAndProvince() {
        long campaign = play.shortCampaign(1);
        long round = open(campaign, Instant.now().plus(Duration.ofDays(3)));
        // Someone plays in 和平区 so that a measured figure is not zero.
        Api.Session p = Api.player("120101001", null);
        play.playThrough(p, play.start(p, campaign), 3);

        fill(AdminTokens.region(HEPING), round, HEPING, Map.of("study-group-sessions", 3, "study-group-people", 120,
                "day-main-venue", true, "experience-risk", "建立隐患“随手拍”奖励机制"), true).statusCode(200)
                .body("status.status", equalTo("SUBMITTED"));
        fill(AdminTokens.region(HEDONG), round, HEDONG, Map.of("study-group-sessions", 2, "study-group-people", 80,
                "day-main-venue", false, "experience-risk", "开展夜查行动"), true).statusCode(200);
        fill(AdminTokens.region(CITY), round, CITY, Map.of("study-group-sessions", 1), true).statusCode(200);
        // A draft does not reach the level above.
        fill(AdminTokens.region("120103"), round, "120103", Map.of("study-group-sessions", 50), false)
                .statusCode(200).body("status.status", equalTo("DRAFT"));

        JsonPath city = table(AdminTokens.region(CITY), round, CITY);
        assertThat(total(city, "study-group-sessions")).isEqualTo(6);
        assertThat(total(city, "study-group-people")).isEqualTo(200);
        assertThat(total(city, "day-main-venue")).isEqualTo(1);
        assertThat(field(city, "experience-risk").get("texts").toString()).contains("和平区", "随手拍", "河东区", "夜查");
        assertThat(city.getString("sections[0].lines[0].progress")).isEqualTo("理论学习中心组专题学习（6）次，参与（200）人次");

        JsonPath province = table(AdminTokens.region(PROVINCE), round, PROVINCE);
        assertThat(total(province, "study-group-sessions")).isEqualTo(6);
        assertThat(province.getList("children.region.code")).contains(CITY);

        // Measured figures are the service's own for the region, never summed from the children.
        long attempts = as(AdminTokens.region(PROVINCE)).queryParam("campaign", campaign).queryParam("region", HEPING)
                .when().get("/api/v1/admin/statistics").then().statusCode(200).extract().jsonPath()
                .getLong("sections[0].total.attempts");
        JsonPath heping = table(AdminTokens.region(HEPING), round, HEPING);
        assertThat(attempts).isEqualTo(1);
        assertThat(total(heping, "competition-attempts")).isEqualTo(attempts);
        assertThat(total(table(AdminTokens.region(CITY), round, CITY), "competition-attempts")).isEqualTo(attempts);
        assertThat(field(heping, "competition-attempts").get("own")).isNull();
    }

    @Test
    void aCountyCannotFillInOrReadAnotherCountyAndMeasuredFieldsCannotBeTyped() {
        long round = open(play.shortCampaign(1), Instant.now().plus(Duration.ofDays(3)));

        fill(AdminTokens.region(HEPING), round, HEDONG, Map.of("study-group-sessions", 1), false).statusCode(403)
                .body("code", equalTo("region-out-of-scope"));
        as(AdminTokens.region(HEPING)).when().get("/api/v1/admin/report-rounds/{id}/submissions/{r}", round, HEDONG)
                .then().statusCode(403);
        fill(AdminTokens.region(HEPING), round, HEPING, Map.of("competition-attempts", 999, "study-group-sessions", 2),
                false).statusCode(422).body("code", equalTo("entries-invalid"));
        fill(AdminTokens.region(HEPING), round, HEPING, Map.of("study-group-sessions", -1), false).statusCode(422);
        fill(AdminTokens.region(HEPING), round, HEPING, Map.of("no-such-field", 1), false).statusCode(422);
        assertThat(db.count("select count(*) from report_submission where round_id = ?", round)).isZero();
    }

    @Test
    void onlyTheLevelAboveReopensAndEveryChangeIsKept() {
        long round = open(play.shortCampaign(1), Instant.now().plus(Duration.ofDays(3)));
        String county = AdminTokens.region(HEPING);
        fill(county, round, HEPING, Map.of("study-group-sessions", 3), false).statusCode(200);
        fill(county, round, HEPING, Map.of("study-group-sessions", 4), true).statusCode(200);

        fill(county, round, HEPING, Map.of("study-group-sessions", 5), false).statusCode(409)
                .body("code", equalTo("submission-submitted"));
        reopen(county, round, HEPING).statusCode(403).body("code", equalTo("region-not-below"));
        reopen(AdminTokens.region(CITY), round, HEPING).statusCode(200).body("status.status", equalTo("REOPENED"));
        fill(county, round, HEPING, Map.of("study-group-sessions", 5), true).statusCode(200);

        JsonPath history = as(county).when().get("/api/v1/admin/report-rounds/{id}/submissions/{r}/history", round,
                HEPING).then().statusCode(200).extract().jsonPath();
        assertThat(history.getList("action")).containsExactly("SAVE", "SAVE", "SUBMIT", "REOPEN", "SAVE", "SUBMIT");
        assertThat(history.getString("[1].changes[0].field")).isEqualTo("study-group-sessions");
        assertThat(history.getInt("[1].changes[0].old")).isEqualTo(3);
        assertThat(history.getInt("[1].changes[0].new")).isEqualTo(4);
        assertThat(history.getString("[3].reason")).isEqualTo("数字填报有误，请核实");
        assertThat(history.getString("[3].actor")).isEqualTo("admin-" + CITY);
    }

    private static ValidatableResponse reopen(String token, long round, String region) {
        return as(token).contentType(ContentType.JSON).body(Map.of("reason", "数字填报有误，请核实"))
                .when().post("/api/v1/admin/report-rounds/{id}/submissions/{r}/reopen", round, region).then();
    }

    @Test
    void theStatusBoardListsLateRegionsAndRemindersGoToTheirContacts() {
        long round = open(play.shortCampaign(1), Instant.now().minus(Duration.ofHours(1)));
        fill(AdminTokens.region(HEPING), round, HEPING, Map.of("study-group-sessions", 1), true).statusCode(200);
        String mobile = Api.newPhone();
        as(AdminTokens.region(HEDONG)).contentType(ContentType.JSON).body(Map.of("name", "王小明", "post", "科员",
                        "officePhone", "022-23456789", "mobile", mobile))
                .when().put("/api/v1/admin/report-contacts/{r}", HEDONG).then().statusCode(200)
                .body("name", equalTo("王*明")).body("mobile", equalTo(mobile.substring(0, 3) + "****"
                        + mobile.substring(7))).body("officePhone", equalTo("022-****89"));

        JsonPath board = as(AdminTokens.region(CITY)).when().get("/api/v1/admin/report-rounds/{id}/status", round)
                .then().statusCode(200).extract().jsonPath();
        assertThat(board.getString("find { it.region.code == '120101' }.status")).isEqualTo("SUBMITTED");
        assertThat(board.getBoolean("find { it.region.code == '120101' }.late")).isTrue();
        assertThat(board.getString("find { it.region.code == '120102' }.status")).isEqualTo("NOT_STARTED");
        assertThat(board.getBoolean("find { it.region.code == '120102' }.late")).isTrue();

        as(AdminTokens.region(CITY)).when().post("/api/v1/admin/report-rounds/{id}/reminders", round).then()
                .statusCode(200).body("sent", equalTo(1)).body("withoutContact", hasItem("120103"));
        assertThat(sms.messages(mobile)).singleElement().satisfies(m -> {
            assertThat(m.template()).isEqualTo(SmsMessage.Template.REPORT_REMINDER);
            assertThat(m.params()).containsEntry("round", "第一次调度");
        });
        assertThat(db.count("select count(*) from report_contact where region_code = ? and mobile_cipher::text like ?",
                HEDONG, "%" + mobile + "%")).isZero();
    }

    @Test
    void theTableExportsInTheOfficialLayoutAndSideBySide() throws Exception {
        long round = open(play.shortCampaign(1), Instant.now().plus(Duration.ofDays(3)));
        fill(AdminTokens.region(HEPING), round, HEPING, Map.of("study-group-sessions", 3, "study-group-people", 120),
                true).statusCode(200);
        fill(AdminTokens.region(HEDONG), round, HEDONG, Map.of("study-group-sessions", 2, "study-group-people", 80),
                true).statusCode(200);
        as(AdminTokens.region(CITY)).contentType(ContentType.JSON).body(Map.of("name", "李四", "mobile",
                "13900001111", "officePhone", "022-88889999")).when().put("/api/v1/admin/report-contacts/{r}", CITY)
                .then().statusCode(200);

        byte[] xlsx = as(AdminTokens.region(CITY)).when()
                .get("/api/v1/admin/report-rounds/{id}/submissions/{r}/export", round, CITY).then().statusCode(200)
                .extract().asByteArray();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).contains("进展情况统计表", "第一次调度");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("填报单位：市辖区");
            assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo("联系人：李四");
            assertThat(sheet.getRow(1).getCell(2).getStringCellValue()).isEqualTo("电话：022-88889999");
            assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).startsWith("填报日期：");
            Row columns = sheet.getRow(3);
            assertThat(List.of(columns.getCell(0).getStringCellValue(), columns.getCell(1).getStringCellValue(),
                    columns.getCell(2).getStringCellValue())).containsExactly("活动项目", "内容要求", "进展情况");
            assertThat(sheet.getRow(4).getCell(0).getStringCellValue()).isEqualTo("学习习近平总书记关于安全生产重要论述");
            assertThat(sheet.getRow(5).getCell(0).getStringCellValue()).isEqualTo("理论学习中心组学习");
            assertThat(sheet.getRow(5).getCell(2).getStringCellValue())
                    .isEqualTo("理论学习中心组专题学习（5）次，参与（200）人次");
        }

        String csv = new String(as(AdminTokens.region(CITY)).queryParam("format", "csv").when()
                .get("/api/v1/admin/report-rounds/{id}/submissions/{r}/export", round, CITY).then().statusCode(200)
                .extract().asByteArray(), StandardCharsets.UTF_8);
        String header = csv.lines().findFirst().orElseThrow();
        assertThat(header).contains("市辖区", "和平区（120101）", "河东区（120102）");
        assertThat(csv.lines().filter(l -> l.contains("study-group-sessions")).findFirst().orElseThrow())
                .startsWith("学习习近平总书记关于安全生产重要论述,理论学习中心组学习,study-group-sessions,次,5,3,2,");
    }

    @Test
    void aTemplateWithOneBadFieldChangesNothing() {
        long campaign = play.shortCampaign(1);
        String good = as(AdminTokens.national()).when().get("/api/v1/admin/campaigns/{id}/report-template", campaign)
                .then().statusCode(200).body("isDefault", equalTo(true)).extract().jsonPath().getString("source");

        Api.api().header("Authorization", "Bearer " + AdminTokens.national()).contentType("application/yaml")
                .body(good.replace("unit: 篇}", "unit: 斤}").getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/admin/campaigns/{id}/report-template", campaign).then().statusCode(422)
                .body("code", equalTo("template-invalid"));
        as(AdminTokens.national()).when().get("/api/v1/admin/campaigns/{id}/report-template", campaign).then()
                .statusCode(200).body("isDefault", equalTo(true)).body("version", equalTo(0));
        Api.api().header("Authorization", "Bearer " + AdminTokens.region("12")).contentType("application/yaml")
                .body(good.getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/admin/campaigns/{id}/report-template", campaign).then().statusCode(403);

        Api.api().header("Authorization", "Bearer " + AdminTokens.national()).contentType("application/yaml")
                .body(good.replace("全国“安全生产月”", "本年度“安全生产月”").getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/admin/campaigns/{id}/report-template", campaign).then().statusCode(200)
                .body("version", equalTo(1)).body("template.title", equalTo("本年度“安全生产月”活动进展情况统计表"));
        long round = open(campaign, Instant.now().plus(Duration.ofDays(1)));
        assertThat(table(AdminTokens.national(), round, "CN").getString("templateTitle")).startsWith("本年度");
        // A template is small: a huge upload is refused before it is parsed (a 3 MB line once held an event loop).
        Api.api().header("Authorization", "Bearer " + AdminTokens.national()).contentType("application/yaml")
                .body(("title: " + "x".repeat(300 * 1024)).getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/admin/campaigns/{id}/report-template", campaign).then().statusCode(413)
                .body("code", equalTo("upload-too-large"));
    }

    @Test
    void onlyTheNationalOfficeOrAProvinceOpensRounds() {
        long campaign = play.shortCampaign(1);
        Map<String, Object> body = new HashMap<>();
        body.put("campaignId", campaign);
        body.put("title", "省级调度");
        body.put("deadline", Instant.now().plus(Duration.ofDays(2)).toString());

        as(AdminTokens.region(CITY)).contentType(ContentType.JSON).body(body).when()
                .post("/api/v1/admin/report-rounds").then().statusCode(403).body("code", equalTo("round-scope"));
        long provincial = as(AdminTokens.region(PROVINCE)).contentType(ContentType.JSON).body(body).when()
                .post("/api/v1/admin/report-rounds").then().statusCode(201).body("scope", equalTo(PROVINCE))
                .extract().jsonPath().getLong("id");
        // Another province's offices do not take part in it.
        as(AdminTokens.region("13")).when().get("/api/v1/admin/report-rounds/{id}", provincial).then()
                .statusCode(404);
        fill(AdminTokens.region(HEPING), provincial, HEPING, Map.of("study-group-sessions", 1), false)
                .statusCode(200);
    }
}
