package anquanli.hazard;

import anquanli.AdminTokens;
import anquanli.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static anquanli.hazard.HazardFixtures.asAdmin;
import static anquanli.hazard.HazardFixtures.form;
import static anquanli.hazard.HazardFixtures.officer;
import static anquanli.hazard.HazardFixtures.realName;
import static anquanli.hazard.HazardFixtures.report;
import static anquanli.hazard.HazardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The progress report's 条次 figures: counted where the hazard is, rolled up town → county → city. */
@QuarkusTest
class HazardStatisticsTest {

    @BeforeEach
    void forgetLimits() {
        fx.clearLimits();
    }

    @Inject
    HazardFixtures fx;

    @Test
    void reportsAreCountedPerChildRegionAndAddUpToTheTotal() {
        // Only this test reports in 朝阳区 (110105) and 丰台区 (110106).
        String rewarded = report(Api.player(), realName("regionCode", "110105001"));
        report(null, form("regionCode", "110105001"));
        report(null, form("regionCode", "110105002"));
        report(null, form("regionCode", "110105"));
        report(null, form("regionCode", "110106001"));
        String officer = officer("1101");
        step(officer, rewarded, "ACCEPTED").statusCode(200);
        step(officer, rewarded, "VERIFYING").statusCode(200);
        step(officer, rewarded, "CLOSED", "fineAmount", 40000).statusCode(200);
        asAdmin(officer).contentType(ContentType.JSON).body(Map.of("decision", "GRANT", "basis", "MAJOR_HAZARD",
                        "reason", "属实，予以奖励"))
                .when().post("/api/v1/admin/hazard-reports/{id}/reward-decisions", rewarded).then().statusCode(200);
        long campaign = Api.currentCampaignId();

        JsonPath city = asAdmin(AdminTokens.region("11")).queryParam("campaign", campaign).queryParam("region", "1101")
                .when().get("/api/v1/admin/statistics").then().statusCode(200)
                .body("sections.key", equalTo(List.of("competition", "hazards", "activities"))).extract().jsonPath();
        Map<String, Object> chaoyang = row(city, "110105");
        assertThat(chaoyang).containsEntry("reports", 4).containsEntry("accepted", 1).containsEntry("verified", 1)
                .containsEntry("closed", 1).containsEntry("rewards", 1);
        assertThat(((Number) chaoyang.get("rewardAmount")).doubleValue()).isEqualTo(6000.0);
        assertThat(row(city, "110106")).containsEntry("reports", 1).containsEntry("closed", 0);
        List<Map<String, Object>> rows = city.getList("sections[1].rows");
        long sum = rows.stream().mapToLong(r -> ((Number) ((Map<?, ?>) r.get("values")).get("reports")).longValue())
                .sum();
        assertThat(sum).isEqualTo(((Number) city.getMap("sections[1].total").get("reports")).longValue());

        JsonPath county = asAdmin(AdminTokens.region("110105")).queryParam("campaign", campaign)
                .when().get("/api/v1/admin/statistics").then().statusCode(200).extract().jsonPath();
        assertThat(row(county, "110105001")).containsEntry("reports", 2);
        assertThat(row(county, "110105002")).containsEntry("reports", 1);
        List<Map<String, Object>> countyRows = county.getList("sections[1].rows");
        assertThat(countyRows).anySatisfy(r -> {
            assertThat(r.get("region")).isNull();
            assertThat(((Map<?, ?>) r.get("values")).get("reports")).isEqualTo(1);
        });
        assertThat(county.getMap("sections[1].total")).containsEntry("reports", 4);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(JsonPath report, String code) {
        return (Map<String, Object>) report.getList("sections[1].rows", Map.class).stream()
                .filter(r -> r.get("region") != null && code.equals(((Map<?, ?>) r.get("region")).get("code")))
                .findFirst().orElseThrow().get("values");
    }
}
