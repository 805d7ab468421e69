package anquanli.unit;

import anquanli.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static anquanli.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class UnitTest {

    @Inject
    Db db;

    @Test
    void searchWithinARegionAndItsTownsByName() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        db.update("insert into unit (name, region_code, kind) values (?, '440305', 'ENTERPRISE'), "
                + "(?, '440305001', 'SCHOOL'), (?, '440304', 'ENTERPRISE')",
                "南山" + tag + "燃气公司", "南山" + tag + "实验学校", "福田" + tag + "燃气公司");

        api().queryParam("region", "440305").queryParam("q", tag).when().get("/api/v1/units").then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items", hasSize(2))
                .body("items.regionCode", everyItem(startsWith("440305")));
        api().queryParam("region", "4403").queryParam("q", tag + "燃气").when().get("/api/v1/units").then()
                .statusCode(200)
                .body("total", equalTo(2));
        api().queryParam("region", "44").queryParam("q", "%").when().get("/api/v1/units").then()
                .statusCode(200).body("total", equalTo(0));
    }

    @Test
    void regionIsRequiredAndMustExist() {
        anquanli.Api.bad().when().get("/api/v1/units").then().statusCode(400).body("code", equalTo("region-required"));
        api().queryParam("region", "000000").when().get("/api/v1/units").then().statusCode(404);
        api().queryParam("region", "11").queryParam("limit", 1000).when().get("/api/v1/units").then()
                .statusCode(400).body("code", equalTo("bad-page"));
    }
}
