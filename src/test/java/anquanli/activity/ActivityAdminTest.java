package anquanli.activity;

import anquanli.AdminTokens;
import anquanli.Api;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static anquanli.activity.ActivityFixtures.asAdmin;
import static anquanli.activity.ActivityFixtures.checkIn;
import static anquanli.activity.ActivityFixtures.create;
import static anquanli.activity.ActivityFixtures.created;
import static anquanli.activity.ActivityFixtures.event;
import static anquanli.activity.ActivityFixtures.nonce;
import static anquanli.activity.ActivityFixtures.organizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Organizers run events in their region: create, poster, head counts, cancel, lists and exports. */
@QuarkusTest
class ActivityAdminTest {

    // 西宁市城中区 (630103) and its towns, and 海东市 (6302) as somewhere else: only this class holds events there.
    private static final String COUNTY = "630103";
    private static final String TOWN = "630103001";
    private static final String ORGANIZER = organizer(COUNTY);

    @Test
    void anOrganizerCreatesAnEventInTheirRegionAndGetsItsCheckInCode() {
        JsonPath e = created(ORGANIZER, event(TOWN, "lat", 36.617, "lng", 101.766, "coordinateSystem", "GCJ02",
                "geofenceMeters", 300, "capacity", 400));

        assertThat(e.getString("activity.kindTitle")).isEqualTo("安全宣传咨询活动");
        assertThat(e.getString("activity.region.code")).isEqualTo(TOWN);
        assertThat(e.getString("activity.status")).isEqualTo("ACTIVE");
        assertThat(e.getString("activity.createdBy")).isEqualTo("organizer-" + COUNTY);
        assertThat(e.getInt("activity.counts.participants")).isZero();
        assertThat(e.getString("checkInCode.code")).startsWith("AQ1.").hasSizeLessThan(70);
        assertThat(e.getString("checkInCode.keyId")).isEqualTo("q1");
        // Stored in WGS-84, answered in the system asked for.
        double lat = asAdmin(ORGANIZER).queryParam("crs", "GCJ02").when()
                .get("/api/v1/admin/activities/{id}", e.getLong("activity.id")).then().statusCode(200).extract()
                .jsonPath().getDouble("activity.location.lat");
        assertThat(lat).isCloseTo(36.617, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(e.getDouble("activity.location.lat")).isNotCloseTo(36.617, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void organizersOutsideTheRegionAndRolesWithoutTheRightAreRefused() {
        Map<String, Object> here = event(TOWN);

        create(organizer("630102"), here).statusCode(403).body("code", equalTo("region-out-of-scope"));
        create(AdminTokens.region(COUNTY), here).statusCode(403).body("code", equalTo("forbidden"));
        create(AdminTokens.token("officer", List.of("hazard-officer"), COUNTY), here).statusCode(403);
        long id = created(ORGANIZER, here).getLong("activity.id");

        asAdmin(organizer("630102")).when().get("/api/v1/admin/activities/{id}", id).then().statusCode(403)
                .body("code", equalTo("region-out-of-scope"));
        asAdmin(organizer("630102")).contentType(ContentType.JSON).body(Map.of("count", 5))
                .when().put("/api/v1/admin/activities/{id}/head-count", id).then().statusCode(403);
        asAdmin(organizer("630102")).when().get("/api/v1/admin/activities/{id}/poster.png", id).then()
                .statusCode(403);
        // The region's office reads what its organizers run, and a city's organizer reaches the counties below.
        asAdmin(AdminTokens.region("6301")).when().get("/api/v1/admin/activities/{id}", id).then().statusCode(200);
        asAdmin(organizer("6301")).contentType(ContentType.JSON).body(Map.of("count", 0))
                .when().put("/api/v1/admin/activities/{id}/head-count", id).then().statusCode(200);
        Api.bad().when().get("/api/v1/admin/activities/{id}", id).then().statusCode(401);
    }

    @Test
    void badEventsAreRefusedWithTheFieldAtFault() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        create(ORGANIZER, event("6301")).statusCode(400).body("code", equalTo("region-level"));
        create(ORGANIZER, event("999999")).statusCode(400).body("code", equalTo("region-unknown"));
        create(ORGANIZER, event(TOWN, "endsAt", now.minus(Duration.ofHours(2)).toString())).statusCode(400)
                .body("code", equalTo("window-invalid"));
        create(ORGANIZER, event(TOWN, "endsAt", now.plus(Duration.ofDays(40)).toString())).statusCode(400)
                .body("code", equalTo("window-invalid"));
        create(ORGANIZER, event(TOWN, "address", null)).statusCode(400).body("code", equalTo("address-required"));
        create(ORGANIZER, event(TOWN, "address", null, "kind", "ONLINE")).statusCode(201);
        create(ORGANIZER, event(TOWN, "geofenceMeters", 200)).statusCode(400)
                .body("code", equalTo("geofence-needs-location"));
        create(ORGANIZER, event(TOWN, "lat", 36.6)).statusCode(400).body("code", equalTo("location-incomplete"));
        create(ORGANIZER, event(TOWN, "campaignId", 987654)).statusCode(422).body("code", equalTo("campaign-unknown"));
        create(ORGANIZER, event(TOWN, "unitId", 987654)).statusCode(422).body("code", equalTo("unit-unknown"));
        Api.bad().header("Authorization", "Bearer " + ORGANIZER).contentType(ContentType.JSON)
                .body(event(TOWN, "kind", "PARADE")).when().post("/api/v1/admin/activities").then().statusCode(400);
    }

    @Test
    void thePosterReadsBackToACodeThatChecksIn() throws Exception {
        JsonPath e = created(ORGANIZER, event(TOWN, "name", "“6·16”安全宣传咨询日现场咨询"));
        long id = e.getLong("activity.id");

        byte[] png = asAdmin(ORGANIZER).when().get("/api/v1/admin/activities/{id}/poster.png", id).then()
                .statusCode(200).contentType("image/png").extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(PosterRenderer.WIDTH);
        String scanned = decode(image);
        assertThat(scanned).isEqualTo(e.getString("checkInCode.qrText"));
        checkIn(Api.player(), scanned, nonce()).statusCode(201).body("event.id", equalTo((int) id));

        byte[] pdf = asAdmin(AdminTokens.region("63")).when().get("/api/v1/admin/activities/{id}/poster.pdf", id)
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            assertThat(decode(new PDFRenderer(doc).renderImageWithDPI(0, 150))).isEqualTo(scanned);
        }
    }

    @Test
    void headCountsAreKeptApartFromCheckInsAndEveryChangeIsRecorded() {
        long id = created(ORGANIZER, event(TOWN)).getLong("activity.id");
        checkIn(Api.player(), detailCode(id), nonce()).statusCode(201);

        headCount(id, 120, "纸质签到表第1-3页").statusCode(200).body("activity.counts.headCount", equalTo(120))
                .body("activity.counts.checkIns", equalTo(1)).body("activity.counts.participants", equalTo(121));
        headCount(id, 115, "复核后更正").statusCode(200).body("activity.counts.participants", equalTo(116))
                .body("headCounts", hasSize(2)).body("headCounts[1].previous", equalTo(120))
                .body("headCounts[1].count", equalTo(115)).body("headCounts[1].note", equalTo("复核后更正"))
                .body("headCounts[1].recordedBy", equalTo("organizer-" + COUNTY));

        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        long future = created(ORGANIZER, event(TOWN, "startsAt", now.plus(Duration.ofDays(2)).toString(),
                "endsAt", now.plus(Duration.ofDays(2).plusHours(2)).toString())).getLong("activity.id");
        headCount(future, 10, null).statusCode(409).body("code", equalTo("activity-not-started"));
    }

    @Test
    void anEventPeopleAttendedCannotBeCancelledOrMovedButAnEmptyOneCan() {
        long attended = created(ORGANIZER, event(TOWN)).getLong("activity.id");
        checkIn(Api.player(), detailCode(attended), nonce()).statusCode(201);
        long empty = created(ORGANIZER, event(TOWN)).getLong("activity.id");

        cancel(attended).statusCode(409).body("code", equalTo("activity-attended"));
        asAdmin(ORGANIZER).contentType(ContentType.JSON).body(event("630103002"))
                .when().put("/api/v1/admin/activities/{id}", attended).then().statusCode(409)
                .body("code", equalTo("activity-attended"));
        asAdmin(ORGANIZER).contentType(ContentType.JSON).body(event(TOWN, "name", "改名后的活动"))
                .when().put("/api/v1/admin/activities/{id}", attended).then().statusCode(200)
                .body("activity.name", equalTo("改名后的活动"));

        cancel(empty).statusCode(200).body("activity.status", equalTo("CANCELLED"))
                .body("activity.cancelReason", equalTo("场地临时调整")).body("checkInCode", nullValue());
        cancel(empty).statusCode(409).body("code", equalTo("activity-cancelled"));
        asAdmin(ORGANIZER).when().get("/api/v1/admin/activities/{id}/poster.png", empty).then().statusCode(409);
    }

    @Test
    void theListPagesLatestFirstWithLiveCountsAndExports() {
        String county = "630104"; // 城西区: this test's own
        String organizer = organizer(county);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        long early = created(organizer, event(county + "001", "name", "早场", "startsAt",
                now.minus(Duration.ofHours(3)).toString())).getLong("activity.id");
        long late = created(organizer, event(county + "002", "name", "晚场", "kind", "WARNING_FILM"))
                .getLong("activity.id");
        long cancelled = created(organizer, event(county + "002", "name", "取消场")).getLong("activity.id");
        cancelWith(organizer, cancelled);
        checkIn(Api.player(), detailCode(late), nonce()).statusCode(201);
        long campaign = Api.currentCampaignId();

        JsonPath first = asAdmin(organizer).queryParam("campaignId", campaign).queryParam("limit", 1)
                .when().get("/api/v1/admin/activities").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].id", equalTo((int) late)).body("items[0].counts.checkIns", equalTo(1))
                .extract().jsonPath();
        asAdmin(organizer).queryParam("campaignId", campaign).queryParam("limit", 1)
                .queryParam("cursor", first.getString("nextCursor")).when().get("/api/v1/admin/activities").then()
                .statusCode(200).body("items[0].id", equalTo((int) early));
        asAdmin(organizer).queryParam("campaignId", campaign).queryParam("kind", "WARNING_FILM")
                .when().get("/api/v1/admin/activities").then().statusCode(200).body("items", hasSize(1));
        asAdmin(organizer).queryParam("campaignId", campaign).queryParam("includeCancelled", true)
                .when().get("/api/v1/admin/activities").then().statusCode(200).body("items", hasSize(3));
        asAdmin(organizer).queryParam("campaignId", campaign).queryParam("region", "6302")
                .when().get("/api/v1/admin/activities").then().statusCode(403);

        String csv = asAdmin(AdminTokens.region(county)).queryParam("campaignId", campaign)
                .queryParam("format", "csv").when().get("/api/v1/admin/activities/export").then().statusCode(200)
                .contentType("text/csv").extract().asString();
        assertThat(csv).contains("晚场", "警示教育片观看", "早场").doesNotContain("取消场");
        assertThat(csv.lines().filter(l -> l.contains("晚场")).findFirst().orElseThrow()).endsWith(",1,0,0,0,1");
        byte[] xlsx = asAdmin(organizer).queryParam("campaignId", campaign).when()
                .get("/api/v1/admin/activities/export").then().statusCode(200).extract().asByteArray();
        assertThat(new String(xlsx, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("PK");
    }

    private static String decode(BufferedImage image) throws Exception {
        Result r = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(
                new BufferedImageLuminanceSource(image))));
        return r.getText();
    }

    private static String detailCode(long id) {
        return ActivityFixtures.detail(AdminTokens.national(), id).getString("checkInCode.code");
    }

    private static io.restassured.response.ValidatableResponse headCount(long id, int count, String note) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("count", count);
        body.put("note", note);
        return asAdmin(ORGANIZER).contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/admin/activities/{id}/head-count", id).then();
    }

    private static io.restassured.response.ValidatableResponse cancel(long id) {
        return cancelWith(ORGANIZER, id);
    }

    private static io.restassured.response.ValidatableResponse cancelWith(String token, long id) {
        return asAdmin(token).contentType(ContentType.JSON).body(Map.of("reason", "场地临时调整"))
                .when().post("/api/v1/admin/activities/{id}/cancel", id).then();
    }
}
