package anquanli.quiz.bank;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class BankAdminTest {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    Db db;
    @Inject
    QuestionCatalog catalog;
    @Inject
    Play play;

    private static RequestSpecification national() {
        return BankFixtures.national();
    }

    private String category() {
        return BankFixtures.category(db);
    }

    private static String yaml(String category, String id, String answer) {
        return """
                category: %1$s
                questions:
                  - id: %2$s-1
                    type: single
                    difficulty: 1
                    stem: 上传测试题（ ）。
                    options:
                      A: 甲
                      B: 乙
                    answer: %3$s
                    explanation: 上传测试解析。
                """.formatted(category, id, answer);
    }

    @Test
    void yamlUploadImportsAndADefectRejectsEverything() {
        String cat = category();
        String id = cat + "q";
        national().contentType("application/yaml").body((yaml(cat, id, "A")).getBytes(java.nio.charset.StandardCharsets.UTF_8)).queryParam("dryRun", true)
                .when().post("/api/v1/admin/question-bank/imports").then().statusCode(200);
        assertThat(db.count("select count(*) from question where id = ?", id + "-1")).isZero();

        national().contentType("application/yaml").body(yaml(cat, id, "A").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/admin/question-bank/imports").then().statusCode(200)
                .body("files[0].created", equalTo(1));
        assertThat(db.count("select count(*) from question where id = ?", id + "-1")).isEqualTo(1);

        national().contentType("application/yaml").body((yaml(cat, id + "x", "C")).getBytes(java.nio.charset.StandardCharsets.UTF_8)).queryParam("file", "bad.yaml")
                .when().post("/api/v1/admin/question-bank/imports").then().statusCode(422)
                .body("code", equalTo("question-bank-invalid"))
                .body("defects[0]", startsWith("bad.yaml:10: question " + id + "x-1"));
        assertThat(db.count("select count(*) from question where id = ?", id + "x-1")).isZero();
    }

    @Test
    void excelUploadWithOneDefectiveRowImportsNothing() throws Exception {
        String cat = category();
        String p = cat + "x";
        List<List<String>> rows = List.of(
                List.of(p + "-1", cat, "single", "1", "甲题（ ）。", "对的", "错的", "", "", "", "", "A", "解析。", "", "", ""),
                List.of(p + "-2", cat, "multiple", "2", "乙题（ ）。", "一", "二", "三", "", "", "", "A,Z", "解析。", "", "", ""),
                List.of(p + "-3", cat, "true-false", "1", "丙题。", "", "", "", "", "", "", "正确", "解析。", "", "", ""));

        national().contentType(XLSX).body(workbook(rows)).when().post("/api/v1/admin/question-bank/imports").then()
                .statusCode(422)
                .body("defects", hasItem(startsWith("questions:3: question " + p + "-2")));
        assertThat(db.count("select count(*) from question where id like ?", p + "%")).isZero();

        List<List<String>> fixed = List.of(rows.get(0),
                List.of(p + "-2", cat, "multiple", "2", "乙题（ ）。", "一", "二", "三", "", "", "", "A,C", "解析。", "", "", ""),
                rows.get(2));
        national().contentType(XLSX).body(workbook(fixed)).when().post("/api/v1/admin/question-bank/imports").then()
                .statusCode(200);
        assertThat(db.rows("select answer::text as a from question_version where question_id like ? order by question_id",
                p + "%")).extracting(r -> r.get("a")).containsExactly("[\"A\"]", "[\"A\", \"C\"]", "[\"TRUE\"]");
    }

    @Test
    void theTemplateRoundTrips() throws Exception {
        byte[] template = national().when().get("/api/v1/admin/question-bank/template.xlsx").then().statusCode(200)
                .extract().asByteArray();
        String cat = category();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(template))) {
            Sheet sheet = wb.getSheet(ExcelBank.SHEET);
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                row.getCell(0).setCellValue(cat + "-t" + r);
                row.getCell(1).setCellValue(cat);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            national().contentType(XLSX).body(out.toByteArray()).when()
                    .post("/api/v1/admin/question-bank/imports").then().statusCode(200);
        }
        assertThat(db.count("select count(*) from question where category = ?", cat)).isEqualTo(3);
    }

    @Test
    void disabledQuestionsLeaveTheDrawAndStatisticsCountWhatWasPlayed() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);
        play.answer(s, attempt, 1, db.correctOptionIds(attempt, 1)).statusCode(200);
        String played = (String) db.row("select question_id from attempt_question where attempt_id = ? and idx = 0",
                UUID.fromString(attempt)).get("question_id");

        national().when().get("/api/v1/admin/questions/{id}", played).then().statusCode(200)
                .body("versions[0].stats.timesDrawn", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("versions[0].content.answer.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        national().queryParam("q", played).when().get("/api/v1/admin/questions").then().statusCode(200)
                .body("items[0].id", equalTo(played))
                .body("items[0].stats.timesAnswered", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        national().contentType("application/json").body(Map.of("enabled", false))
                .when().put("/api/v1/admin/questions/{id}/enabled", played).then().statusCode(200)
                .body("enabled", equalTo(false));
        try {
            assertThat(catalog.enabledByCategory().values().stream().flatMap(List::stream)
                    .map(QuestionContent::id)).doesNotContain(played);
            // The running attempt keeps it: the answer can still be replayed.
            play.answer(s, attempt, 1, db.correctOptionIds(attempt, 1)).statusCode(200);
        } finally {
            national().contentType("application/json").body(Map.of("enabled", true))
                    .when().put("/api/v1/admin/questions/{id}/enabled", played).then().statusCode(200);
        }
        assertThat(catalog.enabledByCategory().values().stream().flatMap(List::stream)
                .map(QuestionContent::id)).contains(played);
    }

    @Test
    void onlyTheNationalOfficeManagesTheBank() {
        String region = AdminTokens.region("11");
        api().header("Authorization", "Bearer " + region).contentType("application/yaml").body("category: x".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/admin/question-bank/imports").then().statusCode(403);
        api().header("Authorization", "Bearer " + region).when().get("/api/v1/admin/question-bank/template.xlsx")
                .then().statusCode(403);
        api().header("Authorization", "Bearer " + region).when().get("/api/v1/admin/questions").then().statusCode(403);
        api().header("Authorization", "Bearer " + region).when().get("/api/v1/admin/questions/fire-001").then()
                .statusCode(403);
        api().header("Authorization", "Bearer " + region).contentType("application/json").body(Map.of("enabled", false))
                .when().put("/api/v1/admin/questions/fire-001/enabled").then().statusCode(403);
        api().header("Authorization", "Bearer " + Api.login(Api.newPhone()).accessToken())
                .when().get("/api/v1/admin/questions").then().statusCode(401);
        national().when().get("/api/v1/admin/questions/{id}", "no-such-question").then().statusCode(404);
    }

    static byte[] workbook(List<List<String>> rows) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(ExcelBank.SHEET);
            Row header = sheet.createRow(0);
            for (int c = 0; c < ExcelBank.HEADER.size(); c++) {
                header.createCell(c).setCellValue(ExcelBank.HEADER.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }
}
