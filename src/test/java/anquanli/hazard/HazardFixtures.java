package anquanli.hazard;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Sends reports and officers' steps through the API, as the app and the console do. */
@ApplicationScoped
public class HazardFixtures {

    static final String COUNTY = "110101";
    static final String TOWN = "110101001";
    static final String OTHER_COUNTY = "110102";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;
    private final RedisDataSource redis;

    public HazardFixtures(Db db, RedisDataSource redis) {
        this.db = db;
        this.redis = redis;
    }

    /**
     * Forgets the reporting limits: they are keyed by participant id, and ids start again at 1 in every run while
     * the test Redis database keeps the day's counters.
     */
    public void clearLimits() {
        for (String key : redis.key().keys("hazard:*")) {
            redis.key().del(key);
        }
    }

    /** A report form for 东城区东华门街道 with the given changes. */
    public static Map<String, Object> form(Object... keyValues) {
        Map<String, Object> f = new HashMap<>();
        f.put("category", "FIRE");
        f.put("description", "楼道内堆放大量纸箱，堵塞安全出口");
        f.put("regionCode", TOWN);
        f.put("address", "东华门街道某小区3号楼");
        f.put("anonymous", true);
        f.put("gpsConsent", false);
        f.put("reporterWorksThere", false);
        for (int i = 0; i < keyValues.length; i += 2) {
            f.put((String) keyValues[i], keyValues[i + 1]);
        }
        return f;
    }

    public static Map<String, Object> realName(Object... keyValues) {
        Map<String, Object> f = form(keyValues);
        f.put("anonymous", false);
        if (!f.containsKey("reporterName")) {
            f.put("reporterName", "李吹哨");
        }
        return f;
    }

    /** A photo part; the name is deliberately meaningless for the type. */
    public record Photo(String fileName, byte[] bytes, String mimeType) {
        public static Photo jpeg(byte[] bytes) {
            return new Photo("IMG_0001.jpg", bytes, "image/jpeg");
        }
    }

    public static ValidatableResponse submit(Api.Session who, Map<String, Object> form, Photo... photos) {
        Api.checkPart("HazardReportForm", json(form));
        RequestSpecification spec = Api.multipart();
        if (who != null) {
            spec = spec.header("Authorization", "Bearer " + who.accessToken());
        }
        return multipart(spec, "report", form, photos).when().post("/api/v1/hazard-reports").then();
    }

    /** A report with one small photo; returns its id. */
    public static String report(Api.Session who, Map<String, Object> form) {
        return sent(who, form).getString("id");
    }

    /** A report with one small photo; returns the answer (id, tracking code, and the secret if anonymous). */
    public static JsonPath sent(Api.Session who, Map<String, Object> form) {
        return submit(who, form, Photo.jpeg(TestPhotos.jpeg(64, 48))).statusCode(201).extract().jsonPath();
    }

    static String officer(String region) {
        return AdminTokens.token("officer-" + region, List.of("hazard-officer"), region);
    }

    static RequestSpecification asAdmin(String token) {
        return Api.api().header("Authorization", "Bearer " + token);
    }

    public static ValidatableResponse step(String token, String id, String to, Object... keyValues) {
        Map<String, Object> t = new HashMap<>();
        t.put("to", to);
        for (int i = 0; i < keyValues.length; i += 2) {
            t.put((String) keyValues[i], keyValues[i + 1]);
        }
        return step(token, id, t);
    }

    public static ValidatableResponse step(String token, String id, Map<String, Object> transition, Photo... photos) {
        Api.checkPart("HazardTransitionForm", json(transition));
        return multipart(Api.multipart().header("Authorization", "Bearer " + token), "transition", transition, photos)
                .when().post("/api/v1/admin/hazard-reports/{id}/transitions", id).then();
    }

    public static RequestSpecification multipart(RequestSpecification spec, String jsonPart, Map<String, Object> json,
                                          Photo... photos) {
        String body = json(json);
        RequestSpecification r = spec.contentType(ContentType.MULTIPART).multiPart(new MultiPartSpecBuilder(body)
                .controlName(jsonPart).mimeType("application/json").charset("UTF-8").build());
        for (Photo p : photos) {
            r = r.multiPart(new MultiPartSpecBuilder(p.bytes()).controlName("photos").fileName(p.fileName())
                    .mimeType(p.mimeType()).build());
        }
        return r;
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    long reports() {
        return db.count("select count(*) from hazard_report");
    }

    /** The blob key of a report's first photo. */
    Object photoKey(String reportId) {
        return db.row("select blob_key from hazard_photo where report_id = ?::uuid and event_id is null "
                + "order by position limit 1", java.util.UUID.fromString(reportId)).get("blob_key");
    }

    long photoRows() {
        return db.count("select count(*) from hazard_photo");
    }

    /** Files in the test blob store (target/test-blobs). */
    static long blobFiles() {
        Path root = Path.of("target/test-blobs");
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
