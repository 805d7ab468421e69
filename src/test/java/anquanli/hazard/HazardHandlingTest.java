package anquanli.hazard;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import anquanli.RecordingSmsSender;
import anquanli.common.AppClock;
import anquanli.participant.SmsMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static anquanli.hazard.HazardFixtures.COUNTY;
import static anquanli.hazard.HazardFixtures.OTHER_COUNTY;
import static anquanli.hazard.HazardFixtures.Photo;
import static anquanli.hazard.HazardFixtures.asAdmin;
import static anquanli.hazard.HazardFixtures.form;
import static anquanli.hazard.HazardFixtures.officer;
import static anquanli.hazard.HazardFixtures.realName;
import static anquanli.hazard.HazardFixtures.report;
import static anquanli.hazard.HazardFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class HazardHandlingTest {

    @BeforeEach
    void forgetLimits() {
        fx.clearLimits();
    }

    @Inject
    HazardFixtures fx;

    @Inject
    Db db;
    @Inject
    RecordingSmsSender sms;
    @Inject
    AppClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aReportGoesFromSubmittedToClosedAndTheReporterIsToldAndSeesThePublicTimeline() {
        Api.Session reporter = Api.player();
        String id = report(reporter, realName());
        String officer = officer(COUNTY);

        step(officer, id, "ACCEPTED", "note", "内部：转街道安全员", "publicNote", "已受理").statusCode(200)
                .body("report.status", equalTo("ACCEPTED")).body("report.dueAt", org.hamcrest.Matchers.notNullValue());
        assertThat(sms.messages(reporter.phone())).extracting(SmsMessage::template)
                .contains(SmsMessage.Template.HAZARD_ACCEPTED);
        step(officer, id, "VERIFYING").statusCode(200);
        step(officer, id, Map.of("to", "RECTIFYING", "publicNote", "已责令整改"),
                Photo.jpeg(TestPhotos.jpeg(300, 200))).statusCode(200)
                .body("photos.size()", equalTo(2)).body("photos[1].eventId", org.hamcrest.Matchers.notNullValue());
        step(officer, id, "CLOSED", "fineAmount", 20000, "publicNote", "已整改完毕").statusCode(200)
                .body("report.status", equalTo("CLOSED")).body("verified", equalTo(true))
                .body("fineAmount", equalTo(20000.0f)).body("nextStatuses.size()", equalTo(0))
                .body("timeline.actor", hasItem("officer-" + COUNTY))
                .body("timeline.note", hasItem("内部：转街道安全员"));
        assertThat(sms.messages(reporter.phone())).extracting(SmsMessage::template)
                .contains(SmsMessage.Template.HAZARD_CLOSED);

        String mine = Api.as(reporter).when().get("/api/v1/me/hazard-reports/{id}", id).then().statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("timeline.status", equalTo(List.of("SUBMITTED", "ACCEPTED", "VERIFYING", "RECTIFYING", "CLOSED")))
                .body("timeline.note", hasItems("已受理", "已责令整改", "已整改完毕"))
                .body("photos.size()", equalTo(1)) // the officers' evidence stays with the officers
                .extract().asString();
        assertThat(mine).doesNotContain("内部").doesNotContain("officer-");
    }

    @Test
    void illegalStepsAreRefusedWithTheStepsThatAreAllowed() {
        String id = report(null, form());
        String officer = officer(COUNTY);
        step(officer, id, "CLOSED").statusCode(409).body("code", equalTo("transition-not-allowed"))
                .body("allowed", equalTo(List.of("ACCEPTED", "DUPLICATE", "REJECTED", "TRANSFERRED")));
        step(officer, id, "REJECTED", "publicNote", "经核查不属实").statusCode(200).body("verified", equalTo(false));
        step(officer, id, "ACCEPTED").statusCode(409).body("currentStatus", equalTo("REJECTED"));
        step(officer, id, "SUBMITTED").statusCode(409);
    }

    @Test
    void officersAcceptingAtOnceMakeOneStep() throws Exception {
        String id = report(null, form());
        String officer = officer(COUNTY);
        List<Integer> codes = Concurrently.run(20, () -> step(officer, id, "ACCEPTED").extract().statusCode());
        assertThat(codes).containsOnly(200, 409);
        assertThat(codes).filteredOn(c -> c == 200).hasSize(1);
        assertThat(db.count("select count(*) from hazard_event where report_id = ?::uuid and to_status = 'ACCEPTED'",
                java.util.UUID.fromString(id))).isEqualTo(1);
    }

    @Test
    void officersActOnlyInTheirRegionAndAdminsOnlyRead() {
        String id = report(null, form());
        step(officer(OTHER_COUNTY), id, "ACCEPTED").statusCode(404);
        asAdmin(officer(OTHER_COUNTY)).when().get("/api/v1/admin/hazard-reports/{id}", id).then().statusCode(404);
        asAdmin(AdminTokens.region(COUNTY)).when().get("/api/v1/admin/hazard-reports/{id}", id).then().statusCode(200);
        step(AdminTokens.region(COUNTY), id, "ACCEPTED").statusCode(403);
        step(AdminTokens.national(), id, "ACCEPTED").statusCode(403);
        // A city's officer handles the reports of its counties.
        step(officer("1101"), id, "ACCEPTED").statusCode(200);
        asAdmin(officer(COUNTY)).when().get("/api/v1/admin/hazard-reports?region=" + OTHER_COUNTY).then()
                .statusCode(403).body("code", equalTo("region-out-of-scope"));
        // A participant's token is not an admin's.
        Api.as(Api.player()).when().get("/api/v1/admin/hazard-reports/{id}", id).then().statusCode(401);
    }

    @Test
    void aTransferredReportIsTakenUpByTheOtherRegion() {
        String id = report(null, form());
        step(officer(COUNTY), id, "TRANSFERRED", "transferToRegionCode", OTHER_COUNTY).statusCode(200);
        asAdmin(officer(COUNTY)).when().get("/api/v1/admin/hazard-reports/{id}", id).then().statusCode(404);
        step(officer(OTHER_COUNTY), id, "ACCEPTED").statusCode(200).body("report.handlingRegion.code",
                equalTo(OTHER_COUNTY));

        String toAgency = report(null, form());
        step(officer(COUNTY), toAgency, "TRANSFERRED", "transferToAgency", "区市场监督管理局").statusCode(200)
                .body("transferredToAgency", equalTo("区市场监督管理局")).body("nextStatuses.size()", equalTo(0));
        step(officer(COUNTY), toAgency, "ACCEPTED").statusCode(409);
        step(officer(COUNTY), report(null, form()), "TRANSFERRED").statusCode(400)
                .body("code", equalTo("transfer-target"));
    }

    @Test
    void theDeadlineIsSixtyDaysFromAcceptanceExtendedOnceAndOverdueReportsAreListed() {
        String id = report(null, form("category", "GAS"));
        String officer = officer(COUNTY);
        Instant accepted = Instant.parse(step(officer, id, "ACCEPTED").statusCode(200).extract()
                .path("report.acceptedAt"));
        Instant due = Instant.parse(asAdmin(officer).when().get("/api/v1/admin/hazard-reports/{id}", id).then()
                .extract().path("report.dueAt"));
        assertThat(Duration.between(accepted, due)).isEqualTo(Duration.ofDays(60));

        extend(officer, id, 31, "需要第三方检测").statusCode(400).body("code", equalTo("extension-invalid"));
        extend(officer, id, 10, null).statusCode(400).body("code", equalTo("validation-failed"));
        Instant extended = Instant.parse(extend(officer, id, 10, "需要第三方检测").statusCode(200)
                .body("extensionReason", equalTo("需要第三方检测")).extract().path("report.dueAt"));
        assertThat(Duration.between(due, extended)).isEqualTo(Duration.ofDays(10));
        extend(officer, id, 5, "再延期").statusCode(409).body("code", equalTo("extension-used"));

        asAdmin(officer).when().get("/api/v1/admin/hazard-reports?overdue=true&category=GAS").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        clock.shift(Duration.ofDays(71));
        asAdmin(officer).when().get("/api/v1/admin/hazard-reports?overdue=true&category=GAS").then().statusCode(200)
                .body("items.id", hasItem(id)).body("items.find { it.id == '" + id + "' }.overdue", equalTo(true));
    }

    private static io.restassured.response.ValidatableResponse extend(String token, String id, int days, String reason) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("days", days);
        body.put("reason", reason);
        return (reason == null ? Api.bad().header("Authorization", "Bearer " + token) : asAdmin(token))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/admin/hazard-reports/{id}/extension", id).then();
    }

    @Test
    void duplicatesAreSuggestedNearbyOrOnTheSameUnitAndMarkedOnce() {
        // 东华门 area, WGS-84; 100 m and 800 m north of the first report.
        String first = report(null, form("category", "CONSTRUCTION", "lat", 39.9140, "lng", 116.4000,
                "coordinateSystem", "WGS84"));
        String near = report(null, form("category", "CONSTRUCTION", "lat", 39.9149, "lng", 116.4000,
                "coordinateSystem", "WGS84"));
        String far = report(null, form("category", "CONSTRUCTION", "lat", 39.9212, "lng", 116.4000,
                "coordinateSystem", "WGS84"));
        String otherKind = report(null, form("category", "FIRE", "lat", 39.9141, "lng", 116.4000,
                "coordinateSystem", "WGS84"));
        String sameUnit = report(null, form("category", "OTHER", "unitName", "某某建筑工程有限公司"));
        String sameUnitToo = report(null, form("category", "CONSTRUCTION", "unitName", "某某建筑工程有限公司"));
        String officer = officer(COUNTY);

        JsonPath c = asAdmin(officer).when().get("/api/v1/admin/hazard-reports/{id}/duplicate-candidates", first)
                .then().statusCode(200).extract().jsonPath();
        assertThat(c.getList("report.id", String.class)).contains(near).doesNotContain(far, otherKind, first);
        assertThat(c.getDouble("find { it.report.id == '" + near + "' }.distanceMeters")).isBetween(90.0, 110.0);
        asAdmin(officer).when().get("/api/v1/admin/hazard-reports/{id}/duplicate-candidates", sameUnit).then()
                .statusCode(200).body("report.id", hasItem(sameUnitToo)).body("sameUnit", hasItem(true));

        step(officer, near, "DUPLICATE").statusCode(400).body("code", equalTo("duplicate-of-required"));
        step(officer, near, "DUPLICATE", "duplicateOf", first).statusCode(200).body("duplicateOf", equalTo(first));
        step(officer, far, "DUPLICATE", "duplicateOf", near).statusCode(409)
                .body("code", equalTo("duplicate-of-duplicate"));
    }

    @Test
    void twoReportsMarkedAsEachOthersDuplicateAtOnceNeverBothEndAsDuplicates() throws Exception {
        String officer = officer(COUNTY);
        for (int round = 0; round < 5; round++) {
            String a = report(null, form("category", "FISHING_VESSEL"));
            String b = report(null, form("category", "FISHING_VESSEL"));
            List<Integer> codes = Concurrently.run(2, new java.util.concurrent.Callable<>() {
                private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public Integer call() {
                    boolean first = turn.getAndIncrement() == 0;
                    return step(officer, first ? a : b, "DUPLICATE", "duplicateOf", first ? b : a).extract()
                            .statusCode();
                }
            });
            assertThat(codes).containsExactlyInAnyOrder(200, 409);
            assertThat(db.count("select count(*) from hazard_report where id in (?::uuid, ?::uuid) "
                    + "and status = 'DUPLICATE'", a, b)).isEqualTo(1);
        }
    }

    @Test
    void markingAnOriginalAsADuplicateMovesItsDuplicatesAlong() {
        String officer = officer(COUNTY);
        String a = report(null, form());
        String b = report(null, form());
        String c = report(null, form());
        step(officer, b, "DUPLICATE", "duplicateOf", a).statusCode(200);
        step(officer, a, "DUPLICATE", "duplicateOf", c).statusCode(200);
        assertThat(db.row("select duplicate_of::text as d from hazard_report where id = ?::uuid", b).get("d"))
                .isEqualTo(c);
    }

    @Test
    void aLongChineseDescriptionFitsAndFinesAreBounded() {
        String description = "楼".repeat(2000);
        String id = HazardFixtures.submit(null, form("description", description),
                Photo.jpeg(TestPhotos.jpeg(64, 48))).statusCode(201).extract().path("id");
        assertThat(db.row("select description from hazard_report where id = ?::uuid", id).get("description"))
                .isEqualTo(description);
        String officer = officer(COUNTY);
        step(officer, id, "ACCEPTED").statusCode(200);
        step(officer, id, "VERIFYING").statusCode(200);
        HazardFixtures.multipart(Api.bad().header("Authorization", "Bearer " + officer), "transition",
                        Map.of("to", "CLOSED", "fineAmount", new java.math.BigDecimal("1e13")))
                .when().post("/api/v1/admin/hazard-reports/{id}/transitions", id).then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("errors[0].field", equalTo("fineAmount"));
        step(officer, id, "CLOSED", "fineAmount", 5000).statusCode(200);
    }

    @Test
    void listsMapAndExportsNeverCarryTheReporter() {
        Api.Session reporter = Api.player();
        String id = report(reporter, realName("reporterName", "赵保密", "lat", 39.9140, "lng", 116.4000,
                "coordinateSystem", "WGS84"));
        String officer = officer(COUNTY);
        String list = asAdmin(officer).when().get("/api/v1/admin/hazard-reports?limit=200").then().statusCode(200)
                .body("items.id", hasItem(id)).extract().asString();
        JsonPath map = asAdmin(officer).when().get("/api/v1/admin/hazard-reports/map").then().statusCode(200)
                .contentType("application/geo+json").body("type", equalTo("FeatureCollection")).extract().jsonPath();
        List<Float> coordinates = map.getList("features.find { it.id == '" + id + "' }.geometry.coordinates");
        // GeoJSON is [longitude, latitude], GCJ-02 by default: a few hundred metres off the WGS-84 point.
        assertThat(coordinates.get(0).doubleValue()).isBetween(116.401, 116.410);
        assertThat(coordinates.get(1).doubleValue()).isBetween(39.9141, 39.9160);
        String csv = asAdmin(officer).when().get("/api/v1/admin/hazard-reports/export?format=csv").then()
                .statusCode(200).extract().asString();
        byte[] xlsx = asAdmin(officer).when().get("/api/v1/admin/hazard-reports/export?format=xlsx").then()
                .statusCode(200).extract().asByteArray();
        String detail = asAdmin(officer).when().get("/api/v1/admin/hazard-reports/{id}", id).then().statusCode(200)
                .body("reporterKnown", equalTo(true)).extract().asString();
        for (String out : List.of(list, map.prettify(), csv, detail, new String(xlsx, java.nio.charset.StandardCharsets.ISO_8859_1))) {
            assertThat(out).doesNotContain("赵保密").doesNotContain(reporter.phone())
                    .doesNotContain(anquanli.common.PhoneProtector.mask(reporter.phone()));
        }
        assertThat(csv).startsWith("\uFEFF查询码");
    }

    @Test
    void pagesContinueByCursorWithoutRepeats() {
        for (int i = 0; i < 5; i++) {
            report(null, form("category", "SPECIAL_EQUIPMENT"));
        }
        String officer = officer(COUNTY);
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = asAdmin(officer).queryParam("category", "SPECIAL_EQUIPMENT").queryParam("limit", 2)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .when().get("/api/v1/admin/hazard-reports").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id", String.class);
            ids.forEach(x -> assertThat(seen.add(x)).as("no repeats").isTrue());
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(seen.size()).isGreaterThanOrEqualTo(5);
        asAdmin(officer).when().get("/api/v1/admin/hazard-reports?cursor=bm9wZQ").then().statusCode(400)
                .body("code", equalTo("cursor-invalid"));
        asAdmin(officer).when().get("/api/v1/admin/hazard-reports?status=LOST").then().statusCode(400)
                .body("code", equalTo("status-unknown"));
        asAdmin(officer).when().get("/api/v1/admin/hazard-reports/{id}", java.util.UUID.randomUUID()).then()
                .statusCode(404).body("report", nullValue());
    }
}
