package anquanli.statistics;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Play;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The report's 场次 and 人次 per kind of activity: counted where the event is held, rolled up town → county → city →
 * province → country exactly, with head counts beside app check-ins and cancelled events left out.
 */
@QuarkusTest
class ActivityStatisticsTest {

    @Inject
    Play play;

    private static final String NATIONAL = AdminTokens.national();

    private static long event(long campaign, String region, String kind) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> e = new HashMap<>();
        e.put("campaignId", campaign);
        e.put("name", "活动");
        e.put("kind", kind);
        e.put("regionCode", region);
        e.put("address", "银川市");
        e.put("startsAt", now.minus(Duration.ofMinutes(1)).toString());
        e.put("endsAt", now.plus(Duration.ofHours(2)).toString());
        return Api.api().header("Authorization", "Bearer " + NATIONAL).contentType(ContentType.JSON).body(e)
                .when().post("/api/v1/admin/activities").then().statusCode(201).extract().jsonPath()
                .getLong("activity.id");
    }

    private static void checkIns(long id, int people) {
        String code = Api.api().header("Authorization", "Bearer " + NATIONAL)
                .when().get("/api/v1/admin/activities/{id}", id).then().statusCode(200).extract().jsonPath()
                .getString("checkInCode.code");
        for (int i = 0; i < people; i++) {
            Api.as(Api.player()).contentType(ContentType.JSON)
                    .body(Map.of("code", code, "nonce", UUID.randomUUID().toString()))
                    .when().post("/api/v1/check-ins").then().statusCode(201);
        }
    }

    private static void headCount(long id, int count) {
        Api.api().header("Authorization", "Bearer " + NATIONAL).contentType(ContentType.JSON)
                .body(Map.of("count", count)).when().put("/api/v1/admin/activities/{id}/head-count", id).then()
                .statusCode(200);
    }

    private static JsonPath report(long campaign, String region) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        var request = Api.api().header("Authorization", "Bearer " + NATIONAL).queryParam("campaign", campaign)
                .queryParam("from", today.toString()).queryParam("to", today.toString());
        if (region != null) {
            request = request.queryParam("region", region);
        }
        return request.when().get("/api/v1/admin/statistics").then().statusCode(200)
                .body("sections.key", equalTo(List.of("competition", "hazards", "activities")))
                .extract().jsonPath();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(JsonPath report, String code) {
        return (Map<String, Object>) report.getList("sections[2].rows", Map.class).stream()
                .filter(r -> code == null ? r.get("region") == null
                        : r.get("region") != null && code.equals(((Map<?, ?>) r.get("region")).get("code")))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + code)).get("values");
    }

    private static Map<String, Object> total(JsonPath report) {
        return report.getMap("sections[2].total");
    }

    @Test
    void eventsAndPeopleRollUpExactlyFromTownsToTheCountry() {
        long c = play.shortCampaign(1);
        // 银川市 (6401): 兴庆区 (640104) two towns, 西夏区 (640105) a town, 金凤区 (640106) at county level.
        long a = event(c, "640104001", "CONSULTATION");
        checkIns(a, 3);
        headCount(a, 50);
        long b = event(c, "640104002", "CONSULTATION");
        checkIns(b, 1);
        long drill = event(c, "640105001", "DRILL");
        checkIns(drill, 2);
        headCount(drill, 10);
        headCount(drill, 8);
        long lecture = event(c, "640106", "LECTURE");
        checkIns(lecture, 1);
        long cancelled = event(c, "640104001", "CONSULTATION");
        Api.api().header("Authorization", "Bearer " + NATIONAL).contentType(ContentType.JSON)
                .body(Map.of("reason", "取消")).when().post("/api/v1/admin/activities/{id}/cancel", cancelled).then()
                .statusCode(200);

        JsonPath county = report(c, "640104");
        assertThat(row(county, "640104001")).containsEntry("consultationEvents", 1)
                .containsEntry("consultationParticipants", 53).containsEntry("checkIns", 3)
                .containsEntry("headCount", 50);
        assertThat(row(county, "640104002")).containsEntry("consultationEvents", 1)
                .containsEntry("consultationParticipants", 1);
        assertThat(total(county)).containsEntry("events", 2).containsEntry("participants", 54);

        JsonPath city = report(c, "6401");
        assertThat(row(city, "640104")).containsEntry("consultationEvents", 2)
                .containsEntry("consultationParticipants", 54).containsEntry("drillEvents", 0);
        assertThat(row(city, "640105")).containsEntry("drillEvents", 1).containsEntry("drillParticipants", 10);
        assertThat(row(city, "640106")).containsEntry("lectureEvents", 1).containsEntry("lectureParticipants", 1);
        assertThat(total(city)).containsEntry("events", 4).containsEntry("participants", 65)
                .containsEntry("checkIns", 7).containsEntry("headCount", 58);
        assertChildrenAddUp(city);

        JsonPath jinfeng = report(c, "640106");
        assertThat(row(jinfeng, null)).containsEntry("lectureEvents", 1).containsEntry("lectureParticipants", 1);
        assertThat(total(jinfeng)).containsEntry("events", 1).containsEntry("participants", 1);

        JsonPath province = report(c, "64");
        assertThat(row(province, "6401")).isEqualTo(total(city));
        assertThat(total(province)).isEqualTo(total(city));
        JsonPath country = report(c, null);
        assertThat(row(country, "64")).isEqualTo(total(city));
        assertThat(total(country)).isEqualTo(total(city));
        assertChildrenAddUp(country);
    }

    @SuppressWarnings("unchecked")
    private static void assertChildrenAddUp(JsonPath report) {
        Map<String, Object> total = total(report);
        for (String key : total.keySet()) {
            long sum = report.getList("sections[2].rows", Map.class).stream()
                    .mapToLong(r -> ((Number) ((Map<String, Object>) r.get("values")).get(key)).longValue()).sum();
            assertThat(sum).as(key).isEqualTo(((Number) total.get(key)).longValue());
        }
    }
}
