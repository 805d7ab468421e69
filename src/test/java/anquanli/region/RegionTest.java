package anquanli.region;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class RegionTest {

    @Inject
    RegionTree tree;
    @Inject
    anquanli.Db db;

    @Test
    void wholeTreeIsLoaded() {
        assertThat(tree.provinces()).hasSize(31);
        assertThat(db.count("select count(*) from region where level = 3")).isEqualTo(2978);
        assertThat(db.count("select count(*) from region")).isEqualTo(tree.size());
    }

    @Test
    void provincesAtTheTop() {
        api().when().get("/api/v1/regions").then().statusCode(200)
                .header("Cache-Control", startsWith("public"))
                .body("items", hasSize(31))
                .body("items[0].code", equalTo("11"))
                .body("items[0].name", equalTo("北京市"))
                .body("items[0].level", equalTo("PROVINCE"));
    }

    @Test
    void childrenAndLookUp() {
        api().when().get("/api/v1/regions/{code}/children", "4403").then().statusCode(200)
                .body("parentCode", equalTo("4403"))
                .body("items.code", hasItem("440305"))
                .body("items.level", hasItem("COUNTY"));
        api().when().get("/api/v1/regions/{code}", "110101001").then().statusCode(200)
                .body("name", equalTo("东华门街道"))
                .body("level", equalTo("TOWN"))
                .body("parentCode", equalTo("110101"))
                .body("path.code", contains("11", "1101", "110101", "110101001"))
                .body("childCount", equalTo(0));
    }

    @Test
    void unknownRegionIsAProblem() {
        api().when().get("/api/v1/regions/{code}", "990000").then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not-found"));
    }
}
