package anquanli.activity;

import anquanli.Api;
import anquanli.Concurrently;
import anquanli.Db;
import anquanli.common.CodeSigner;
import anquanli.common.CryptoConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static anquanli.activity.ActivityFixtures.checkIn;
import static anquanli.activity.ActivityFixtures.created;
import static anquanli.activity.ActivityFixtures.event;
import static anquanli.activity.ActivityFixtures.nonce;
import static anquanli.activity.ActivityFixtures.organizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Checking in by a poster's code: once per participant and event, whatever the retries and races. */
@QuarkusTest
class CheckInTest {

    // 西宁市城东区 (630102) and its towns: only this class holds events there.
    private static final String TOWN = "630102001";
    private static final String ORGANIZER = organizer("630102");

    @Inject
    Db db;

    @Inject
    PosterCodes codes;

    private static String codeOf(JsonPath created) {
        return created.getString("checkInCode.code");
    }

    @Test
    void aScanChecksInOnceAndARetryOfTheSameNonceAnswersTheSame() {
        JsonPath e = created(ORGANIZER, event(TOWN));
        Api.Session p = Api.player();
        String nonce = nonce();
        long before = countryCheckIns();

        JsonPath first = checkIn(p, codeOf(e), nonce).statusCode(201).body("result", equalTo("CHECKED_IN"))
                .body("event.id", equalTo(e.getInt("activity.id"))).body("offline", equalTo(false))
                .body("outsideGeofence", nullValue()).extract().jsonPath();
        JsonPath retry = checkIn(p, codeOf(e), nonce).statusCode(201).body("result", equalTo("CHECKED_IN"))
                .extract().jsonPath();
        checkIn(p, codeOf(e), nonce()).statusCode(200).body("result", equalTo("ALREADY_CHECKED_IN"))
                .body("id", equalTo(first.getString("id")));

        assertThat(retry.getString("id")).isEqualTo(first.getString("id"));
        assertThat(retry.getString("checkedInAt")).isEqualTo(first.getString("checkedInAt"));
        assertThat(db.count("select count(*) from check_in where activity_id = ?", e.getLong("activity.id")))
                .isEqualTo(1);
        assertThat(countryCheckIns() - before).isEqualTo(1);
    }

    @Test
    void fiftyParallelScansOfOneParticipantWithDifferentNoncesCountOnce() throws Exception {
        JsonPath e = created(ORGANIZER, event(TOWN));
        Api.Session p = Api.player();
        long id = e.getLong("activity.id");
        long before = countryCheckIns();

        List<Integer> statuses = Concurrently.run(50, () -> checkIn(p, codeOf(e), nonce()).extract().statusCode());

        assertThat(statuses).containsOnly(200, 201);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        assertThat(db.count("select count(*) from check_in where activity_id = ?", id)).isEqualTo(1);
        assertThat(countryCheckIns() - before).isEqualTo(1);
        ActivityFixtures.asAdmin(ORGANIZER).when().get("/api/v1/admin/activities/{id}", id).then().statusCode(200)
                .body("activity.counts.checkIns", equalTo(1)).body("activity.counts.participants", equalTo(1));
    }

    @Test
    void aNonceUsedForAnotherEventIsRefused() {
        JsonPath one = created(ORGANIZER, event(TOWN));
        JsonPath other = created(ORGANIZER, event(TOWN, "name", "警示教育片放映"));
        Api.Session p = Api.player();
        String nonce = nonce();
        checkIn(p, codeOf(one), nonce).statusCode(201);

        checkIn(p, codeOf(other), nonce).statusCode(409).body("code", equalTo("nonce-reused"));
        assertThat(db.count("select count(*) from check_in where activity_id = ?", other.getLong("activity.id")))
                .isZero();
    }

    @Test
    void forgedAlteredAndUnknownKeyCodesAreRefused() {
        JsonPath e = created(ORGANIZER, event(TOWN));
        JsonPath other = created(ORGANIZER, event(TOWN));
        String code = codeOf(e);
        Api.Session p = Api.player();
        String[] parts = code.split("\\.");
        // Another event's id under this code's signature.
        String altered = String.join(".", parts[0], Long.toString(other.getLong("activity.id"), 36), parts[2],
                parts[3], parts[4], parts[5]);
        String longer = String.join(".", parts[0], parts[1], parts[2], Long.toString(Long.parseLong(parts[3], 36)
                + 600, 36), parts[4], parts[5]);
        String unknownKey = String.join(".", parts[0], parts[1], parts[2], parts[3], "q9", parts[5]);

        for (String bad : List.of(altered, longer)) {
            checkIn(p, bad, nonce()).statusCode(422).body("code", equalTo("check-in-code-invalid"))
                    .body("reason", equalTo("bad-signature"));
        }
        checkIn(p, unknownKey, nonce()).statusCode(422).body("reason", equalTo("unknown-key"));
        checkIn(p, "https://example.com/something-else", nonce()).statusCode(422).body("reason", equalTo("malformed"));
        assertThat(db.count("select count(*) from check_in where participant_id = ?", p.participantId())).isZero();
    }

    /**
     * A poster printed while q0 was the signing key (the test ring keeps q0 as a retired key; q1 signs now): its code
     * still checks in, and new posters carry q1.
     */
    @Test
    void aPosterPrintedBeforeTheSigningKeyRotatedStillChecksIn() {
        JsonPath e = created(ORGANIZER, event(TOWN));
        String[] parts = codeOf(e).split("\\.");
        String body = String.join(".", parts[0], parts[1], parts[2], parts[3]);
        CodeSigner beforeRotation = new CodeSigner(new RingOf(Map.of("q0", config("anquanli.crypto.code-keys.q0")),
                "q0"));
        String printed = beforeRotation.sign(PosterCodes.PURPOSE, body);

        assertThat(parts[4]).isEqualTo("q1");
        assertThat(CodeSigner.keyIdOf(printed)).isEqualTo("q0");
        checkIn(Api.player(), printed, nonce()).statusCode(201).body("event.id", equalTo(e.getInt("activity.id")));
        // The same body under a key the ring never had is a forgery.
        String forged = new CodeSigner(new RingOf(Map.of("q0", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), "q0"))
                .sign(PosterCodes.PURPOSE, body);
        checkIn(Api.player(), forged, nonce()).statusCode(422).body("reason", equalTo("bad-signature"));
    }

    /** A code-key ring for signing in the test as the service would have. */
    record RingOf(Map<String, String> codeKeys, String codeKey) implements CryptoConfig {
        @Override
        public Map<String, String> fieldKeys() {
            return codeKeys;
        }

        @Override
        public String fieldKey() {
            return codeKey;
        }

        @Override
        public String phoneHashKey() {
            return codeKeys.get(codeKey);
        }
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    @Test
    void theWholeLinkOfTheQrCodeIsAcceptedAsWellAsTheCode() {
        JsonPath e = created(ORGANIZER, event(TOWN));

        assertThat(e.getString("checkInCode.qrText")).endsWith(codeOf(e)).startsWith("https://");
        checkIn(Api.player(), e.getString("checkInCode.qrText"), nonce()).statusCode(201);
    }

    @Test
    void checkInOpensHalfAnHourBeforeTheStartAndClosesAtTheEnd() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        JsonPath later = created(ORGANIZER, event(TOWN, "startsAt", now.plus(Duration.ofHours(2)).toString(),
                "endsAt", now.plus(Duration.ofHours(4)).toString()));
        JsonPath soon = created(ORGANIZER, event(TOWN, "startsAt", now.plus(Duration.ofMinutes(20)).toString(),
                "endsAt", now.plus(Duration.ofHours(4)).toString()));
        JsonPath ended = created(ORGANIZER, event(TOWN, "startsAt", now.minus(Duration.ofHours(3)).toString(),
                "endsAt", now.minus(Duration.ofHours(1)).toString()));
        Api.Session p = Api.player();

        checkIn(p, codeOf(later), nonce()).statusCode(422).body("code", equalTo("check-in-not-open"));
        checkIn(p, codeOf(soon), nonce()).statusCode(201);
        checkIn(p, codeOf(ended), nonce()).statusCode(422).body("code", equalTo("check-in-closed"));
    }

    @Test
    void anOfflineScanMadeDuringTheEventCountsWhenUploadedWithinTheGracePeriod() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        JsonPath ended = created(ORGANIZER, event(TOWN, "startsAt", now.minus(Duration.ofHours(5)).toString(),
                "endsAt", now.minus(Duration.ofHours(1)).toString()));
        long id = ended.getLong("activity.id");
        Api.Session p = Api.player();
        Instant during = now.minus(Duration.ofHours(2));

        checkIn(p, codeOf(ended), nonce(), "offline", true, "scannedAt", now.minus(Duration.ofHours(6)).toString())
                .statusCode(422).body("code", equalTo("check-in-closed"));
        checkIn(p, codeOf(ended), nonce(), "offline", false).statusCode(422).body("code", equalTo("check-in-closed"));
        checkIn(p, codeOf(ended), nonce(), "offline", true, "scannedAt", during.toString()).statusCode(201)
                .body("offline", equalTo(true)).body("scannedAt", equalTo(during.toString()));

        ActivityFixtures.asAdmin(ORGANIZER).when().get("/api/v1/admin/activities/{id}", id).then().statusCode(200)
                .body("activity.counts.checkIns", equalTo(1)).body("activity.counts.offlineCheckIns", equalTo(1));
        // Counted on the day of the scan, where the event is held.
        assertThat(db.count("select coalesce(sum(offline_check_ins), 0) from activity_rollup where region_code = ? "
                + "and local_day = ?", TOWN, java.time.LocalDate.ofInstant(during, java.time.ZoneId.of("Asia/Shanghai"))))
                .isEqualTo(1);
    }

    @Test
    void aCodeWhoseEventEndedBeyondTheGracePeriodIsRefusedEvenOffline() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        JsonPath old = created(ORGANIZER, event(TOWN, "startsAt", now.minus(Duration.ofHours(30)).toString(),
                "endsAt", now.minus(Duration.ofHours(26)).toString()));

        checkIn(Api.player(), codeOf(old), nonce(), "offline", true, "scannedAt",
                now.minus(Duration.ofHours(27)).toString()).statusCode(422)
                .body("code", equalTo("check-in-code-expired"));
        assertThat(db.count("select count(*) from check_in where activity_id = ?", old.getLong("activity.id")))
                .isZero();
    }

    @Test
    void farAwayCheckInsAreFlaggedNotRefused() {
        // 西宁 中心广场 roughly; the geofence is 200 m.
        JsonPath e = created(ORGANIZER, event(TOWN, "lat", 36.6200, "lng", 101.7780, "coordinateSystem", "WGS84",
                "geofenceMeters", 200));

        checkIn(Api.player(), codeOf(e), nonce(), "lat", 36.6205, "lng", 101.7783, "coordinateSystem", "WGS84")
                .statusCode(201).body("outsideGeofence", equalTo(false));
        JsonPath far = checkIn(Api.player(), codeOf(e), nonce(), "lat", 36.70, "lng", 101.78,
                "coordinateSystem", "WGS84").statusCode(201).body("outsideGeofence", equalTo(true)).extract().jsonPath();
        checkIn(Api.player(), codeOf(e), nonce()).statusCode(201).body("outsideGeofence", nullValue());

        assertThat(far.getInt("distanceMeters")).isBetween(8800, 9000);
        ActivityFixtures.asAdmin(ORGANIZER).when().get("/api/v1/admin/activities/{id}", e.getLong("activity.id"))
                .then().statusCode(200).body("activity.counts.checkIns", equalTo(3))
                .body("activity.counts.farCheckIns", equalTo(1));
    }

    @Test
    void aCancelledEventChecksNobodyIn() {
        JsonPath e = created(ORGANIZER, event(TOWN));
        ActivityFixtures.asAdmin(ORGANIZER).contentType("application/json").body(Map.of("reason", "天气原因取消"))
                .when().post("/api/v1/admin/activities/{id}/cancel", e.getLong("activity.id")).then().statusCode(200);

        checkIn(Api.player(), codeOf(e), nonce()).statusCode(422).body("code", equalTo("activity-cancelled"));
    }

    @Test
    void myCheckInsListsMineNewestFirstInPages() {
        Api.Session p = Api.player();
        JsonPath a = created(ORGANIZER, event(TOWN, "name", "第一场"));
        JsonPath b = created(ORGANIZER, event(TOWN, "name", "第二场", "kind", "DRILL"));
        checkIn(p, codeOf(a), nonce()).statusCode(201);
        checkIn(p, codeOf(b), nonce()).statusCode(201);
        checkIn(Api.player(), codeOf(b), nonce()).statusCode(201);

        JsonPath page = Api.as(p).queryParam("limit", 1).when().get("/api/v1/me/check-ins").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].event.name", equalTo("第二场"))
                .body("items[0].event.kindTitle", equalTo("应急演练")).extract().jsonPath();
        Api.as(p).queryParam("limit", 1).queryParam("cursor", page.getString("nextCursor"))
                .when().get("/api/v1/me/check-ins").then().statusCode(200)
                .body("items[0].event.name", equalTo("第一场"));
        Api.as(p).queryParam("cursor", "not-a-cursor").when().get("/api/v1/me/check-ins").then().statusCode(400)
                .body("code", equalTo("cursor-invalid"));
    }

    @Test
    void aSignedCodeForAnEventThatDoesNotExistIsNotFound() {
        Instant now = Instant.now();
        String code = codes.code(987_654_321L, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)));

        checkIn(Api.player(), code, nonce()).statusCode(404).body("code", equalTo("activity-not-found"));
    }

    /** App check-ins of every event in the country's roll-up rows. */
    private long countryCheckIns() {
        return ((Number) db.row("select coalesce(sum(check_ins), 0) as n from activity_rollup "
                + "where region_code = 'CN' and parent_code = ''").get("n")).longValue();
    }
}
