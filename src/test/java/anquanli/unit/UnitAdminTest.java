package anquanli.unit;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class UnitAdminTest {

    @Inject
    Db db;

    private static RequestSpecification as(String token) {
        return api().header("Authorization", "Bearer " + token);
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void countyAdminRegistersUnitsInTheCountyOnly() {
        String county = AdminTokens.region("110101");
        String name = "东城测试单位" + tag();
        as(county).contentType("application/json").body(Map.of("name", name, "regionCode", "110101001", "kind", "SCHOOL"))
                .when().post("/api/v1/admin/units").then().statusCode(201);
        as(county).contentType("application/json").body(Map.of("name", name, "regionCode", "110101001"))
                .when().post("/api/v1/admin/units").then().statusCode(409).body("code", equalTo("unit-exists"));
        as(county).contentType("application/json").body(Map.of("name", name, "regionCode", "110102"))
                .when().post("/api/v1/admin/units").then().statusCode(403).body("code", equalTo("region-out-of-scope"));
        as(county).contentType("application/json").body(Map.of("name", name, "regionCode", "1101"))
                .when().post("/api/v1/admin/units").then().statusCode(403);
        as(AdminTokens.national()).contentType("application/json")
                .body(Map.of("name", name, "regionCode", "1101"))
                .when().post("/api/v1/admin/units").then().statusCode(400).body("code", equalTo("unit-invalid"));
        as(county).contentType("application/json")
                .body(Map.of("name", name + "2", "regionCode", "110101", "creditCode", "91110101MA00000006"))
                .when().post("/api/v1/admin/units").then().statusCode(400);
        as(county).contentType("application/json")
                .body(Map.of("name", name + "3", "regionCode", "110101", "creditCode", "91110101MA01ABCD2C"))
                .when().post("/api/v1/admin/units").then().statusCode(201);
    }

    @Test
    void csvImportIsAllOrNothing() {
        String t = tag();
        String good = "name,regionCode,creditCode,kind\n导入一" + t + ",110101001,,ENTERPRISE\n\"导入,二" + t
                + "\",110101,,AGENCY\n";
        as(AdminTokens.region("110101")).contentType("text/csv; charset=UTF-8").body(good.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/v1/admin/units/imports")
                .then().statusCode(200).body("rows", equalTo(2));
        assertThat(db.count("select count(*) from unit where name like ?", "%" + t)).isEqualTo(2);

        String t2 = tag();
        String bad = "\uFEFFname,regionCode,creditCode,kind\n好的" + t2 + ",110101,,\n坏的" + t2 + ",110102,,\n重复"
                + t2 + ",110101,,PLANET\n";
        as(AdminTokens.region("110101")).contentType("text/csv; charset=UTF-8").body(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/v1/admin/units/imports")
                .then().statusCode(403).body("code", equalTo("region-out-of-scope"))
                .body("rowErrors.row", hasItem(3));
        String wrongKind = "name,regionCode,creditCode,kind\n好的" + t2 + ",110101,,\n重复" + t2 + ",110101,,PLANET\n";
        as(AdminTokens.region("110101")).contentType("text/csv; charset=UTF-8")
                .body(wrongKind.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/v1/admin/units/imports")
                .then().statusCode(422).body("code", equalTo("unit-import-invalid"))
                .body("rowErrors.row", hasItem(3));
        assertThat(db.count("select count(*) from unit where name like ?", "%" + t2)).isZero();

        String again = "name,regionCode\n导入一" + t + ",110101001\n";
        as(AdminTokens.region("110101")).contentType("text/csv; charset=UTF-8").body(again.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when()
                .post("/api/v1/admin/units/imports").then().statusCode(422).body("rowErrors[0].row", equalTo(2));
    }

    @Test
    void excelImportRejectsAWholeFileForOneBadRow() throws Exception {
        String t = tag();
        byte[] file = workbook(List.of(List.of("name", "regionCode", "creditCode", "kind"),
                List.of("表格一" + t, "440305", "", "ENTERPRISE"),
                List.of("表格二" + t, "440305001", "NOT-A-CODE", "ENTERPRISE"),
                List.of("表格三" + t, "440305", "", "SCHOOL")));
        as(AdminTokens.region("44")).contentType(BankXlsx.TYPE).body(file).when().post("/api/v1/admin/units/imports")
                .then().statusCode(422).body("rowErrors[0].row", equalTo(3));
        assertThat(db.count("select count(*) from unit where name like ?", "%" + t)).isZero();

        byte[] fixed = workbook(List.of(List.of("name", "regionCode", "creditCode", "kind"),
                List.of("表格一" + t, "440305", "", "ENTERPRISE"), List.of("表格三" + t, "440305", "", "SCHOOL")));
        as(AdminTokens.region("44")).contentType(BankXlsx.TYPE).body(fixed).queryParam("dryRun", true).when()
                .post("/api/v1/admin/units/imports").then().statusCode(200).body("dryRun", equalTo(true));
        assertThat(db.count("select count(*) from unit where name like ?", "%" + t)).isZero();
        as(AdminTokens.region("44")).contentType(BankXlsx.TYPE).body(fixed).when()
                .post("/api/v1/admin/units/imports").then().statusCode(200).body("rows", equalTo(2));
        as(AdminTokens.region("44")).when().get("/api/v1/admin/units/template.xlsx").then().statusCode(200);
    }

    @Test
    void unitAdministrationNeedsAnAdmin() {
        as(Api.login(Api.newPhone()).accessToken()).contentType("application/json")
                .body(Map.of("name", "x", "regionCode", "110101")).when().post("/api/v1/admin/units").then()
                .statusCode(401);
        as(AdminTokens.token("officer", List.of("organizer"), "110101")).contentType("text/csv; charset=UTF-8").body("name,regionCode\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/admin/units/imports").then().statusCode(403);
        as(AdminTokens.region("31")).contentType("text/csv; charset=UTF-8")
                .body(("name,regionCode\n外地" + tag() + ",110101\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/v1/admin/units/imports").then().statusCode(403)
                .body("rowErrors[0].message", org.hamcrest.Matchers.containsString("outside your region"));
    }

    private static byte[] workbook(List<List<String>> rows) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("units");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    static final class BankXlsx {
        static final String TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
}
