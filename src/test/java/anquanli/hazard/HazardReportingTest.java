package anquanli.hazard;

import anquanli.Api;
import anquanli.Db;
import anquanli.common.CoordinateSystem;
import anquanli.common.Coordinates;
import anquanli.common.GeoPoint;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static anquanli.hazard.HazardFixtures.Photo;
import static anquanli.hazard.HazardFixtures.form;
import static anquanli.hazard.HazardFixtures.realName;
import static anquanli.hazard.HazardFixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class HazardReportingTest {

    @BeforeEach
    void forgetLimits() {
        fx.clearLimits();
    }

    @Inject
    HazardFixtures fx;
    @Inject
    Db db;

    @Test
    void anonymousReportIsTrackedWithItsSecretAndWithNothingElse() {
        JsonPath sent = submit(null, form(), Photo.jpeg(TestPhotos.jpeg(120, 90))).statusCode(201)
                .header("Cache-Control", "no-store")
                .body("status", equalTo("SUBMITTED")).body("photoCount", equalTo(1))
                .body("trackingSecret", notNullValue()).extract().jsonPath();
        String code = sent.getString("trackingCode");
        String secret = sent.getString("trackingSecret");

        Api.api().header("X-Tracking-Secret", secret).when().get("/api/v1/hazard-reports/track/{code}", code)
                .then().statusCode(200).body("status", equalTo("SUBMITTED")).body("identified", equalTo(false))
                .body("timeline[0].kind", equalTo("SUBMITTED"));
        // Typed in lower case with the dashes left out: the same secret.
        Api.api().header("X-Tracking-Secret", secret.replace("-", "").toLowerCase())
                .when().get("/api/v1/hazard-reports/track/{code}", code.toLowerCase()).then().statusCode(200);
        Api.api().when().get("/api/v1/hazard-reports/track/{code}", code).then().statusCode(404);
        Api.api().header("X-Tracking-Secret", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
                .when().get("/api/v1/hazard-reports/track/{code}", code).then().statusCode(404)
                .body("code", equalTo("not-found"));

        Map<String, Object> row = db.row("select secret_hash, reporter_cipher, reporter_hash from hazard_report "
                + "where tracking_code = ?", code);
        assertThat(row.get("reporter_cipher")).isNull();
        assertThat(row.get("reporter_hash")).isNull();
        assertThat(new String((byte[]) row.get("secret_hash"), StandardCharsets.ISO_8859_1))
                .doesNotContain(secret.replace("-", ""));
    }

    @Test
    void realNameReportNeedsASignedInReporterWhoseIdentityIsSealed() {
        submit(null, realName(), Photo.jpeg(TestPhotos.jpeg(64, 48))).statusCode(401)
                .body("code", equalTo("sign-in-required"));
        Api.Session reporter = Api.player();
        submit(reporter, realName("reporterName", null), Photo.jpeg(TestPhotos.jpeg(64, 48))).statusCode(400)
                .body("code", equalTo("reporter-name-required"));

        String id = submit(reporter, realName("reporterName", "王实名"), Photo.jpeg(TestPhotos.jpeg(64, 48)))
                .statusCode(201).body("trackingSecret", nullValue()).extract().path("id");

        byte[] sealed = (byte[]) db.row("select reporter_cipher from hazard_report where id = ?::uuid", id)
                .get("reporter_cipher");
        String raw = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(new String("王实名".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .doesNotContain(reporter.phone()).doesNotContain(Long.toString(reporter.participantId()));

        Api.as(reporter).when().get("/api/v1/me/hazard-reports").then().statusCode(200)
                .header("Cache-Control", "no-store").body("items[0].id", equalTo(id))
                .body("items[0].anonymous", equalTo(false));
        Api.as(reporter).when().get("/api/v1/me/hazard-reports/{id}", id).then().statusCode(200)
                .body("photos.size()", equalTo(1)).body("timeline[0].status", equalTo("SUBMITTED"));
        Api.as(Api.player()).when().get("/api/v1/me/hazard-reports/{id}", id).then().statusCode(404);
    }

    @Test
    void theFirstPhotosGpsFillsAMissingLocationOnlyWithConsent() {
        byte[] withGps = TestPhotos.cameraJpeg(200, 100, 1, 39.9139, 116.3972);
        Api.Session reporter = Api.player();
        JsonPath consented = submit(reporter, form("gpsConsent", true), Photo.jpeg(withGps)).statusCode(201)
                .extract().jsonPath();
        assertThat(consented.getString("location.source")).isEqualTo("PHOTO");
        assertThat(consented.getDouble("location.lat")).isCloseTo(39.9139, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(consented.getDouble("location.lng")).isCloseTo(116.3972, org.assertj.core.data.Offset.offset(1e-5));

        String without = submit(reporter, form("gpsConsent", false), Photo.jpeg(withGps)).statusCode(201)
                .body("location", nullValue()).extract().path("id");
        assertThat(db.row("select lat, lng from hazard_report where id = ?::uuid", without).get("lat")).isNull();
    }

    @Test
    void aGcj02LocationIsStoredAsWgs84AndAnsweredInTheSystemAsked() {
        GeoPoint gcj = new GeoPoint(39.915119, 116.403963);
        Api.Session reporter = Api.player();
        String id = submit(reporter, realName("lat", gcj.lat(), "lng", gcj.lng(), "coordinateSystem", "GCJ02"),
                Photo.jpeg(TestPhotos.jpeg(64, 48))).statusCode(201).body("location.system", equalTo("GCJ02"))
                .body("location.source", equalTo("CLIENT")).extract().path("id");

        Map<String, Object> row = db.row("select lat, lng from hazard_report where id = ?::uuid", id);
        GeoPoint wgs = Coordinates.toWgs84(gcj, CoordinateSystem.GCJ02);
        assertThat((Double) row.get("lat")).isCloseTo(wgs.lat(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat((Double) row.get("lng")).isCloseTo(wgs.lng(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Coordinates.distanceMeters(wgs, gcj)).isGreaterThan(100);

        JsonPath asGcj = Api.as(reporter).when().get("/api/v1/me/hazard-reports/{id}?crs=GCJ02", id).then()
                .statusCode(200).extract().jsonPath();
        assertThat(Coordinates.distanceMeters(gcj, new GeoPoint(asGcj.getDouble("location.lat"),
                asGcj.getDouble("location.lng")))).isLessThan(1.0);
        JsonPath asBd = Api.as(reporter).when().get("/api/v1/me/hazard-reports/{id}?crs=BD09", id).then()
                .statusCode(200).body("location.system", equalTo("BD09")).extract().jsonPath();
        GeoPoint bd = Coordinates.fromWgs84(wgs, CoordinateSystem.BD09);
        assertThat(Coordinates.distanceMeters(bd, new GeoPoint(asBd.getDouble("location.lat"),
                asBd.getDouble("location.lng")))).isLessThan(1.0);
        Api.as(reporter).when().get("/api/v1/me/hazard-reports/{id}?crs=mars", id).then().statusCode(400)
                .body("code", equalTo("crs-unknown"));
    }

    @Test
    void storedPhotosCarryNoMetadataAndTheOrientationIsApplied() throws Exception {
        Api.Session reporter = Api.player();
        byte[] camera = TestPhotos.cameraJpeg(400, 200, 6, 31.2304, 121.4737);
        assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(camera))
                .getFirstDirectoryOfType(GpsDirectory.class)).isNotNull();
        String id = submit(reporter, realName(), Photo.jpeg(camera)).statusCode(201).extract().path("id");
        JsonPath report = Api.as(reporter).when().get("/api/v1/me/hazard-reports/{id}", id).then().statusCode(200)
                .extract().jsonPath();
        for (String url : List.of(report.getString("photos[0].url"), report.getString("photos[0].thumbnailUrl"))) {
            byte[] stored = Api.as(reporter).when().get(url).then().statusCode(200)
                    .contentType("image/jpeg").header("Cache-Control", "no-store")
                    .header("X-Content-Type-Options", "nosniff")
                    .extract().asByteArray();
            Metadata m = ImageMetadataReader.readMetadata(new ByteArrayInputStream(stored));
            List<String> kinds = new ArrayList<>();
            for (Directory d : m.getDirectories()) {
                kinds.add(d.getName());
            }
            assertThat(m.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
            assertThat(m.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
            assertThat(kinds).noneMatch(k -> k.startsWith("Exif") || k.contains("XMP") || k.contains("IPTC"));
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(TestPhotos.CAMERA_MAKE);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(stored));
            // Orientation 6: the 400×200 sensor image is shown rotated a quarter turn clockwise, 200×400.
            assertThat(img.getHeight()).isGreaterThan(img.getWidth());
            int top = img.getRGB(img.getWidth() / 2, img.getHeight() / 5);
            assertThat((top >> 16) & 0xff).as("red (the left half) is on top").isGreaterThan(200);
        }
    }

    @Test
    void photosAreJudgedByContentAndARefusedOneStoresNothing() {
        Api.Session reporter = null; // anonymous: the refusals below would otherwise use up a participant's day
        // A PNG named .jpg and sent as image/jpeg is a PNG: accepted, stored as JPEG.
        submit(reporter, form(), new Photo("photo.jpg", TestPhotos.png(80, 60), "image/jpeg")).statusCode(201);

        long reports = fx.reports();
        long photos = fx.photoRows();
        long blobs = HazardFixtures.blobFiles();
        byte[] good = TestPhotos.jpeg(64, 48);
        submit(reporter, form(), Photo.jpeg(good), new Photo("photo.jpg", TestPhotos.text(), "image/jpeg"))
                .statusCode(415).body("code", equalTo("photo-type-invalid")).body("photoIndex", equalTo(1));
        submit(reporter, form(), Photo.jpeg(TestPhotos.truncatedJpeg())).statusCode(422)
                .body("code", equalTo("photo-truncated"));
        submit(reporter, form(), new Photo("bomb.png", TestPhotos.pngBomb(), "image/png")).statusCode(422)
                .body("code", equalTo("photo-too-many-pixels"));
        submit(reporter, form(), new Photo("big.jpg", new byte[11 * 1024 * 1024], "image/jpeg")).statusCode(413)
                .body("code", equalTo("photo-too-large"));
        submit(reporter, form()).statusCode(400).body("code", equalTo("photo-count"));
        Photo[] ten = new Photo[10];
        java.util.Arrays.fill(ten, Photo.jpeg(good));
        submit(reporter, form(), ten).statusCode(400).body("code", equalTo("photo-count"));

        assertThat(fx.reports()).isEqualTo(reports);
        assertThat(fx.photoRows()).isEqualTo(photos);
        assertThat(HazardFixtures.blobFiles()).isEqualTo(blobs);
    }

    @Test
    void badFormsAreProblemsNamingTheField() {
        Api.Session reporter = Api.player();
        Photo p = Photo.jpeg(TestPhotos.jpeg(64, 48));
        submit(reporter, form("regionCode", "110000"), p).statusCode(400).body("code", equalTo("region-unknown"));
        submit(reporter, form("regionCode", "1101"), p).statusCode(400).body("code", equalTo("region-level"));
        submit(reporter, form("lat", 39.9), p).statusCode(400).body("code", equalTo("location-incomplete"));
        submit(reporter, form("lat", 95.0, "lng", 116.0, "coordinateSystem", "WGS84"), p).statusCode(400)
                .body("code", equalTo("location-invalid"));
        HazardFixtures.multipart(Api.badAs(reporter), "report",
                        form("description", "短"), p)
                .when().post("/api/v1/hazard-reports").then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("errors[0].field", equalTo("description"));
        HazardFixtures.multipart(Api.bad(), "report", form("category", "VOLCANO"), p)
                .when().post("/api/v1/hazard-reports").then().statusCode(400).body("code", equalTo("malformed-body"));
    }

    @Test
    void aParticipantsDailyReportsAreLimited() {
        Api.Session reporter = Api.player();
        Photo p = Photo.jpeg(TestPhotos.jpeg(32, 24));
        for (int i = 0; i < 10; i++) {
            submit(reporter, form(), p).statusCode(201);
        }
        submit(reporter, form(), p).statusCode(429).body("code", equalTo("too-many-requests"))
                .header("Retry-After", notNullValue()).body("retryAfter", notNullValue());
        // Another participant on the same network is not affected.
        submit(Api.player(), form(), p).statusCode(201);
    }
}
