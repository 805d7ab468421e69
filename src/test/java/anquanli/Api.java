package anquanli;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * Test helpers for the HTTP API. Every request made through {@link #api()} is validated, request and response,
 * against the hand-written contract openapi.yaml.
 */
public final class Api {

    private static final String SPEC = Path.of("openapi.yaml").toAbsolutePath().toUri().toString();

    public static final OpenApiValidationFilter CONTRACT = new OpenApiValidationFilter(SPEC);

    /** Checks responses only: for tests that send deliberately malformed requests. */
    public static final OpenApiValidationFilter RESPONSES_ONLY = new OpenApiValidationFilter(
            OpenApiInteractionValidator.createForSpecificationUrl(SPEC)
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            .build())
                    .build());

    /**
     * Multipart requests (reports with photos): the validator cannot read multipart bodies, so it checks everything
     * else of the request and the whole response, and each JSON part is checked against its schema by
     * {@link #checkPart}.
     */
    public static final OpenApiValidationFilter MULTIPART = new OpenApiValidationFilter(
            OpenApiInteractionValidator.createForSpecificationUrl(SPEC)
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.body.missing", ValidationReport.Level.IGNORE)
                            .build())
                    .build());

    private static final OpenAPI MODEL = new OpenAPIV3Parser().read(SPEC);
    private static final SchemaValidator SCHEMAS = new SchemaValidator(MODEL, new MessageResolver());

    /** The code the test profile accepts for every phone (anquanli.sms.fixed-code). */
    public static final String FIXED_CODE = "246810";

    private static final AtomicInteger SEQ = new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000_000));

    private Api() {
    }

    public static RequestSpecification api() {
        return given().filter(CONTRACT);
    }

    /** A request the contract does not allow (missing or mistyped fields): only the response is checked. */
    public static RequestSpecification bad() {
        return given().filter(RESPONSES_ONLY);
    }

    public static RequestSpecification badAs(Session s) {
        return bad().header("Authorization", "Bearer " + s.accessToken());
    }

    /**
     * The management interface (health, metrics), on its own port: the test profile lets it take a free one, which
     * Quarkus then publishes as quarkus.management.test-port.
     */
    public static RequestSpecification management() {
        return given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class));
    }

    public static RequestSpecification multipart() {
        return given().filter(MULTIPART);
    }

    /** Fails unless {@code json} is valid against the contract's schema {@code components/schemas/<schema>}. */
    public static void checkPart(String schema, String json) {
        ValidationReport report = SCHEMAS.validate(json, MODEL.getComponents().getSchemas().get(schema), schema);
        if (report.hasErrors()) {
            throw new AssertionError("Part is not a valid " + schema + ": " + report.getMessages());
        }
    }

    public static RequestSpecification as(Session s) {
        return api().header("Authorization", "Bearer " + s.accessToken());
    }

    /** A phone number no other test uses in this run. */
    public static String newPhone() {
        return String.format("139%08d", SEQ.incrementAndGet() % 100_000_000);
    }

    public record Session(long participantId, String phone, String accessToken, String refreshToken) {
    }

    public static Session login(String phone) {
        api().contentType(ContentType.JSON).body("{\"phone\":\"" + phone + "\"}")
                .when().post("/api/v1/auth/sms-codes").then().statusCode(202);
        var body = api().contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone + "\",\"code\":\"" + FIXED_CODE + "\"}")
                .when().post("/api/v1/auth/tokens").then().statusCode(200).extract().jsonPath();
        return new Session(body.getLong("participant.id"), phone, body.getString("accessToken"),
                body.getString("refreshToken"));
    }

    /** A signed-in participant with a complete profile in the given county or town. */
    public static Session player(String regionCode, Long unitId) {
        Session s = login(newPhone());
        String unit = unitId == null ? "null" : unitId.toString();
        as(s).contentType(ContentType.JSON)
                .body("{\"displayName\":\"测试选手\",\"regionCode\":\"" + regionCode + "\",\"unitId\":" + unit
                        + ",\"identityType\":\"EMPLOYEE\"}")
                .when().put("/api/v1/me").then().statusCode(200);
        return s;
    }

    public static Session player() {
        return player("110101001", null);
    }

    public static long currentCampaignId() {
        return api().when().get("/api/v1/campaigns/current").then().statusCode(200).extract().jsonPath().getLong("id");
    }
}
