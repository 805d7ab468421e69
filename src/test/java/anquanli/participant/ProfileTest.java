package anquanli.participant;

import anquanli.Api;
import anquanli.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static anquanli.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ProfileTest {

    @Inject
    Db db;

    private static Map<String, Object> profile(String region, Object unitId) {
        Map<String, Object> body = new HashMap<>();
        body.put("displayName", "李四");
        body.put("regionCode", region);
        body.put("unitId", unitId);
        body.put("identityType", "CADRE");
        return body;
    }

    @Test
    void profileWithRegionPathAndUnit() {
        long unit = db.count("insert into unit (name, region_code) values (?, '110101001') returning id",
                "东华门测试单位" + UUID.randomUUID());
        Api.Session s = Api.login(Api.newPhone());

        as(s).contentType(ContentType.JSON).body(profile("110101", unit)).when().put("/api/v1/me").then()
                .statusCode(200)
                .body("displayName", equalTo("李四"))
                .body("regionPath.code", contains("11", "1101", "110101"))
                .body("unit.id", equalTo((int) unit))
                .body("identityType", equalTo("CADRE"))
                .body("profileComplete", equalTo(true));
        as(s).when().get("/api/v1/me").then().statusCode(200).body("unit.id", equalTo((int) unit));
    }

    @Test
    void profileNeedsACountyOrTownAndAUnitOfTheSameCounty() {
        long elsewhere = db.count("insert into unit (name, region_code) values (?, '310115') returning id",
                "浦东测试单位" + UUID.randomUUID());
        Api.Session s = Api.login(Api.newPhone());

        as(s).contentType(ContentType.JSON).body(profile("999999", null)).when().put("/api/v1/me").then()
                .statusCode(400).body("code", equalTo("region-unknown"));
        as(s).contentType(ContentType.JSON).body(profile("11", null)).when().put("/api/v1/me").then()
                .statusCode(400).body("code", equalTo("validation-failed"));
        as(s).contentType(ContentType.JSON).body(profile("110101", elsewhere)).when().put("/api/v1/me").then()
                .statusCode(400).body("code", equalTo("unit-outside-region"));
        as(s).contentType(ContentType.JSON).body(profile("110101", 987654321L)).when().put("/api/v1/me").then()
                .statusCode(400).body("code", equalTo("unit-unknown"));
        Map<String, Object> blank = profile("110101", null);
        blank.put("displayName", " ");
        blank.put("identityType", null);
        anquanli.Api.badAs(s).contentType(ContentType.JSON).body(blank).when().put("/api/v1/me").then()
                .statusCode(400).body("code", equalTo("validation-failed"))
                .body("errors.field", hasItems("displayName", "identityType"));
        as(s).when().get("/api/v1/me").then().statusCode(200).body("regionCode", nullValue());
    }
}
