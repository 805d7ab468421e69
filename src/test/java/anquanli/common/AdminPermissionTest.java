package anquanli.common;

import anquanli.AdminTokens;
import anquanli.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The permission table of {@link AdminAction} as clients meet it through HTTP. Bases are set in Hainan (46), where
 * no other test plays: a base turns on the rate boards of its region, which the board tests compare exactly.
 */
@QuarkusTest
class AdminPermissionTest {

    private static final String BASES = "/api/v1/admin/leaderboards/bases";

    @Inject
    Db db;

    private static RequestSpecification as(String token) {
        return api().header("Authorization", "Bearer " + token);
    }

    private static int newBase() {
        return ThreadLocalRandom.current().nextInt(10_000, 1_000_000);
    }

    private long storedBases(String kind, String code, int base) {
        return db.count("select count(*) from leaderboard_base where kind = ? and code = ? and base = ?",
                kind, code, base);
    }

    @Test
    void provinceAdminMayNotSetItsOwnProvincesBase() {
        int base = newBase();
        as(AdminTokens.region("46")).contentType(ContentType.JSON)
                .body(Map.of("kind", "REGION", "code", "46", "base", base))
                .when().put(BASES).then().statusCode(403)
                .body("code", equalTo("region-not-below"));
        assertThat(storedBases("REGION", "46", base)).isZero();
    }

    @Test
    void provinceAdminSetsTheBaseOfItsCities() {
        int base = newBase();
        as(AdminTokens.region("46")).contentType(ContentType.JSON)
                .body(Map.of("kind", "REGION", "code", "4601", "base", base))
                .when().put(BASES).then().statusCode(200)
                .body("code", equalTo("4601"))
                .body("base", equalTo(base));
        assertThat(storedBases("REGION", "4601", base)).isEqualTo(1);
    }

    @Test
    void nationalAdminSetsAProvincesBase() {
        int base = newBase();
        as(AdminTokens.national()).contentType(ContentType.JSON)
                .body(Map.of("kind", "REGION", "code", "46", "base", base))
                .when().put(BASES).then().statusCode(200);
        assertThat(storedBases("REGION", "46", base)).isEqualTo(1);
    }

    @Test
    void countyAdminSetsTheHeadCountOfAUnitInItsOwnCounty() {
        long unit = db.count("insert into unit (name, region_code) values (?, '460105') returning id",
                "权限测试单位" + UUID.randomUUID().toString().substring(0, 8));
        int base = newBase();
        as(AdminTokens.region("460105")).contentType(ContentType.JSON)
                .body(Map.of("kind", "UNIT", "code", Long.toString(unit), "base", base))
                .when().put(BASES).then().statusCode(200)
                .body("base", equalTo(base));
        assertThat(storedBases("UNIT", Long.toString(unit), base)).isEqualTo(1);
        as(AdminTokens.region("460106")).contentType(ContentType.JSON)
                .body(Map.of("kind", "UNIT", "code", Long.toString(unit), "base", base + 1))
                .when().put(BASES).then().statusCode(403)
                .body("code", equalTo("region-out-of-scope"))
                .body("adminRegion", equalTo("460106"));
    }

    @Test
    void hazardOfficerMayNotReadTheProgressReport() {
        as(AdminTokens.token("officer", List.of("hazard-officer"), "11"))
                .queryParam("campaign", 1).queryParam("region", "1101")
                .when().get("/api/v1/admin/statistics").then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void organizerMayNotRegisterUnits() {
        as(AdminTokens.token("organizer", List.of("organizer"), "110101")).contentType(ContentType.JSON)
                .body(Map.of("name", "组织者的单位", "regionCode", "110101001"))
                .when().post("/api/v1/admin/units").then().statusCode(403)
                .body("code", equalTo("forbidden"));
        assertThat(db.count("select count(*) from unit where name = '组织者的单位'")).isZero();
    }
}
