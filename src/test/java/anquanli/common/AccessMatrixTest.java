package anquanli.common;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import anquanli.hazard.HazardFixtures;
import anquanli.hazard.TestPhotos;
import anquanli.lottery.LotteryFixtures;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what: every operation of openapi.yaml, called by each kind of caller, against the status the table
 * below expects. The operations are read from the contract, so one added there without a row here fails
 * {@link #everyOperationOfTheContractHasARow}. Resources belong to participant A or lie in county X (东城区 110101):
 * participant B and the admins of county Y (西城区 110102) must not reach them.
 * <p>
 * Expected: {@code OK} any 2xx; {@code PASS} allowed through (neither 401 nor 403, nor a 5xx: a validation or state
 * refusal of an allowed caller); a number, exactly that status.
 */
@QuarkusTest
class AccessMatrixTest {

    /** The columns of the table, in order. */
    enum Caller {
        ANONYMOUS, PARTICIPANT_A, PARTICIPANT_B, COUNTY_X, COUNTY_Y, PROVINCE_X, NATIONAL, OFFICER_X, OFFICER_Y,
        ORGANIZER_X
    }

    /**
     * The contract, request and response, except that a request may lack its token (the validator cannot tell a
     * participant's token from an admin's either: the callers of the wrong kind are what this test is about); a
     * multipart body is not read by the validator (see {@link Api#MULTIPART}).
     */
    private static final OpenApiValidationFilter CONTRACT = contract(false);
    private static final OpenApiValidationFilter MULTIPART = contract(true);

    private static OpenApiValidationFilter contract(boolean multipart) {
        LevelResolver.Builder levels = LevelResolver.create()
                .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE);
        if (multipart) {
            levels.withLevel("validation.request.body.missing", ValidationReport.Level.IGNORE);
        }
        return new OpenApiValidationFilter(OpenApiInteractionValidator
                .createForSpecificationUrl(Path.of("openapi.yaml").toAbsolutePath().toUri().toString())
                .withLevelResolver(levels.build()).build());
    }

    private static final String COUNTY_X = "110101";
    private static final String TOWN_X = "110101001";
    private static final String COUNTY_Y = "110102";

    @Inject
    Play play;
    @Inject
    LotteryFixtures lottery;
    @Inject
    HazardFixtures hazards;
    @Inject
    Db db;

    /** What one row's request needs: A's and county X's resources. */
    private final Map<String, Object> f = new HashMap<>();
    private final Map<Caller, String> tokens = new HashMap<>();

    private record Row(String operationId, String expected, Function<RequestSpecification, RequestSpecification> request,
                       Function<Map<String, Object>, Object[]> pathParams) {
    }

    private static Row row(String operationId, String expected, Object... pathParamKeys) {
        return row(operationId, expected, s -> s, pathParamKeys);
    }

    private static Row row(String operationId, String expected,
                           Function<RequestSpecification, RequestSpecification> request, Object... pathParamKeys) {
        return new Row(operationId, expected, request, fx -> {
            Object[] values = new Object[pathParamKeys.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = fx.get((String) pathParamKeys[i]);
            }
            return values;
        });
    }

    private static RequestSpecification json(RequestSpecification s, Object body) {
        return s.contentType(ContentType.JSON).body(body);
    }

    private List<Row> table() {
        // Columns:                                         anon  A     B     X     Y     prov  nat   offX  offY  orgX
        String publicOp =                                  "OK    OK    OK    OK    OK    OK    OK    OK    OK    OK";
        String participants =                              "401   OK    OK    401   401   401   401   401   401   401";
        String ownedByA =                                  "401   OK    404   401   401   401   401   401   401   401";
        String anyAdmin =                                  "401   401   401   OK    OK    OK    OK    OK    OK    OK";
        String nationalOnly =                              "401   401   401   403   403   403   OK    403   403   403";
        String nationalActs =                              "401   401   401   403   403   403   PASS  403   403   403";
        String regionAdmins =                              "401   401   401   OK    OK    OK    OK    403   403   403";
        String regionAdminsInX =                           "401   401   401   OK    403   OK    OK    403   403   403";
        String hazardsInX =                                "401   401   401   OK    403   OK    OK    OK    403   403";
        String hazardOfX =                                 "401   401   401   OK    404   OK    OK    OK    404   403";
        String officerOfXActs =                            "401   401   401   403   403   403   403   OK    404   403";
        String officerOfXTries =                           "401   401   401   403   403   403   403   PASS  404   403";
        String organizersInX =                             "401   401   401   403   403   403   OK    403   403   OK";
        String organizersTryInX =                          "401   401   401   403   403   403   PASS  403   403   PASS";
        String activityReaders =                           "401   401   401   OK    OK    OK    OK    403   403   OK";
        String activityOfX =                               "401   401   401   OK    403   OK    OK    403   403   OK";
        String provincesOpen =                             "401   401   401   403   403   OK    OK    403   403   403";
        String aboveXActs =                                "401   401   401   403   403   PASS  PASS  403   403   403";
        return List.of(
                // ---------------------------------------------------------------- sign-in, profile
                row("sendSmsCode", publicOp, s -> json(s, Map.of("phone", Api.newPhone()))),
                row("login", publicOp, s -> json(s, Map.of("phone", codeSent(), "code", Api.FIXED_CODE))),
                row("refreshTokens", publicOp,
                        s -> json(s, Map.of("refreshToken", Api.login(Api.newPhone()).refreshToken()))),
                row("getMe", participants),
                row("updateMe", participants, s -> json(s, Map.of("displayName", "矩阵选手", "regionCode", TOWN_X,
                        "identityType", "EMPLOYEE"))),
                row("listMyAttempts", participants),
                // ---------------------------------------------------------------- regions, units, campaigns
                row("listProvinces", publicOp),
                row("getRegion", publicOp, "province"),
                row("listRegionChildren", publicOp, "province"),
                row("searchUnits", publicOp, s -> s.queryParam("region", COUNTY_X)),
                row("getUnit", publicOp, "unit"),
                row("getCurrentCampaign", publicOp),
                // ---------------------------------------------------------------- attempts
                row("startAttempt", participants, "campaign"),
                row("getAttempt", ownedByA, "openAttempt"),
                row("getCurrentQuestion", ownedByA, "openAttempt"),
                row("submitAnswer", ownedByA, s -> json(s, Map.of("index", 1, "optionIds",
                        List.of(f.get("option")))), "openAttempt"),
                row("reviewAttempt", ownedByA, "finishedAttempt"),
                // ---------------------------------------------------------------- practice
                row("listPracticeCategories", participants),
                row("startPracticeSession", participants, s -> json(s, Map.of("category", "fire", "size", 2))),
                row("getPracticeSession", ownedByA, "practice"),
                row("answerPracticeQuestion", ownedByA, s -> json(s, Map.of("index", 1, "optionIds",
                        List.of(f.get("practiceOption")))), "practice"),
                row("getAdminMe", anyAdmin),
                row("getConsoleConfig", publicOp),
                // ---------------------------------------------------------------- leaderboards
                row("regionLeaderboard", publicOp, "campaign"),
                row("unitLeaderboard", publicOp, "campaign"),
                row("participantLeaderboard", publicOp, "campaign"),
                row("myRanks", participants, s -> s.queryParam("campaign", f.get("campaign"))),
                row("rebuildLeaderboards", nationalOnly, "campaign"),
                row("setLeaderboardBase", regionAdminsInX, s -> json(s, Map.of("kind", "UNIT",
                        "code", f.get("unit").toString(), "base", 500))),
                // ---------------------------------------------------------------- campaign administration
                row("listCampaignsAdmin", regionAdmins),
                row("createCampaign", nationalOnly, s -> json(s, campaignBody("matrix-" + suffix()))),
                row("getCampaignAdmin", regionAdmins, "campaign"),
                row("updateCampaign", nationalActs, s -> json(s, campaignBody((String) f.get("draftCode"))),
                        "draftCampaign"),
                row("setCampaignStatus", nationalActs, s -> json(s, Map.of("status", "CLOSED")), "draftCampaign"),
                row("uploadQuestionBank", nationalActs, s -> s.contentType("application/yaml")
                        .queryParam("dryRun", true).body("questions: [unterminated".getBytes(StandardCharsets.UTF_8))),
                row("questionBankTemplate", nationalOnly),
                row("listQuestionsAdmin", nationalOnly),
                row("listQuestionCategoriesAdmin", regionAdmins),
                row("listLawRegister", nationalOnly),
                row("getQuestionAdmin", nationalOnly, "question"),
                row("setQuestionEnabled", nationalOnly, s -> json(s, Map.of("enabled", true)), "question"),
                // ---------------------------------------------------------------- units
                row("createUnit", regionAdminsInX,
                        s -> json(s, Map.of("name", "矩阵单位" + suffix(), "regionCode", COUNTY_X))),
                row("importUnits", regionAdminsInX,
                        s -> s.contentType("text/csv").queryParam("dryRun", true)
                                .body(("name,regionCode,creditCode,kind\n矩阵导入" + suffix() + "," + COUNTY_X + ",,\n")
                                        .getBytes(StandardCharsets.UTF_8))),
                row("unitTemplate", regionAdmins),
                // ---------------------------------------------------------------- progress report, review
                row("progressReport", regionAdminsInX, this::campaignInX),
                row("exportProgressReport", regionAdminsInX, s -> campaignInX(s).queryParam("format", "csv")),
                row("suspiciousAttempts", regionAdminsInX, this::campaignInX),
                row("sharedDevices", regionAdminsInX, this::campaignInX),
                // ---------------------------------------------------------------- lottery
                row("drawLottery", "401   201   PASS  401   401   401   401   401   401   401",
                        s -> json(s, Map.of("requestId", UUID.randomUUID().toString())), "campaign"),
                row("getMyLottery", participants, s -> s.queryParam("campaign", f.get("campaign"))),
                row("claimPrize", ownedByA, s -> json(s, Map.of("name", "张三", "phone", "13812345678",
                        "address", "北京市东城区安全路18号")), "draw"),
                row("getLotteryFairness", publicOp, "campaign"),
                row("listLotteryDraws", publicOp, "campaign"),
                row("listWinners", publicOp, "campaign"),
                row("createLotteryPool", nationalActs, s -> json(s, lottery.poolBody(List.of(
                        LotteryFixtures.tier("安全帽", "PHYSICAL", LotteryFixtures.TOTAL, 100, 5, null)))), "campaign"),
                row("getLotteryPool", nationalOnly, "campaign"),
                row("addLotteryStock", nationalOnly, s -> json(s, Map.of("units", 1)), "campaign", "tier"),
                row("reconcileLottery", nationalOnly, "campaign"),
                row("listLotteryClaims", regionAdmins, "campaign"),
                row("fulfilLotteryClaim", nationalActs, s -> json(s, Map.of("status", "SHIPPED")), "campaign", "draw"),
                row("exportLotteryClaims", nationalOnly, "campaign"),
                // ---------------------------------------------------------------- hazard reports: reporters
                // Signing in is optional here, but a token that is not a participant's is refused, not ignored.
                row("submitHazardReport", "OK    OK    OK    401   401   401   401   401   401   401",
                        s -> HazardFixtures.multipart(s, "report", HazardFixtures.form(),
                                HazardFixtures.Photo.jpeg(TestPhotos.jpeg(64, 48)))),
                row("trackHazardReport", publicOp, s -> s.header("X-Tracking-Secret", f.get("trackingSecret")),
                        "trackingCode"),
                row("identifyHazardReporter", "401   OK    409   401   401   401   401   401   401   401",
                        s -> json(s.header("X-Tracking-Secret", f.get("trackingSecret")), Map.of("name", "周匿名")),
                        "trackingCode"),
                row("myHazardReports", participants),
                row("myHazardReport", ownedByA, "report"),
                row("myHazardReportPhoto", ownedByA, "report", "photo"),
                row("claimHazardReward", "401   409   404   401   401   401   401   401   401   401", "report"),
                // ---------------------------------------------------------------- hazard reports: offices
                row("listHazardReports", hazardsInX, s -> s.queryParam("region", COUNTY_X)),
                row("hazardReportsMap", hazardsInX, s -> s.queryParam("region", COUNTY_X)),
                row("exportHazardReports", hazardsInX, s -> s.queryParam("region", COUNTY_X).queryParam("format", "csv")),
                row("listIdentityReveals", nationalOnly),
                row("getHazardReport", hazardOfX, "report"),
                row("transitionHazardReport", officerOfXActs,
                        s -> HazardFixtures.multipart(s, "transition", Map.of("to", "ACCEPTED")), "report"),
                row("extendHazardDeadline", officerOfXTries,
                        s -> json(s, Map.of("days", 10, "reason", "需要现场复核")), "report"),
                row("hazardDuplicateCandidates", hazardOfX, "report"),
                row("revealHazardReporter", officerOfXActs,
                        s -> json(s, Map.of("reason", "核实举报人身份以发放奖励")), "report"),
                row("decideHazardReward", officerOfXTries, s -> json(s, Map.of("decision", "GRANT",
                        "basis", "ILLEGAL_ACTIVITY", "reason", "查证属实")), "report"),
                row("hazardReportPhoto", hazardOfX, "report", "photo"),
                // ---------------------------------------------------------------- activities
                row("createActivity", organizersInX, s -> json(s, activityBody())),
                row("listActivities", activityReaders, s -> s.queryParam("campaignId", f.get("campaign"))),
                row("exportActivities", activityReaders,
                        s -> s.queryParam("campaignId", f.get("campaign")).queryParam("format", "csv")),
                row("getActivity", activityOfX, "activity"),
                row("updateActivity", organizersInX, s -> json(s, activityBody()), "activity"),
                row("cancelActivity", organizersTryInX, s -> json(s, Map.of("reason", "矩阵取消")),
                        "activityToCancel"),
                row("setActivityHeadCount", organizersInX, s -> json(s, Map.of("count", 3)), "activity"),
                row("activityCheckIns", activityOfX, "activity"),
                row("activityPosterPng", activityOfX, "activity"),
                row("activityPosterPdf", activityOfX, "activity"),
                row("checkIn", participants, s -> json(s, Map.of("code", f.get("activityCode"),
                        "nonce", UUID.randomUUID().toString()))),
                row("myCheckIns", participants),
                row("getCheckInBonus", nationalOnly, "campaign"),
                row("setCheckInBonus", nationalOnly, s -> json(s, Map.of("chances", 0)), "campaign"),
                // ---------------------------------------------------------------- progress report rounds
                row("getReportTemplate", regionAdmins, "campaign"),
                row("putReportTemplate", nationalActs, s -> s.contentType("application/yaml")
                        .body(defaultTemplate().getBytes(StandardCharsets.UTF_8)), "campaign"),
                row("openReportRound", provincesOpen, s -> json(s, Map.of("campaignId", f.get("campaign"),
                        "title", "矩阵调度", "deadline", Instant.now().plus(Duration.ofDays(2)).toString()))),
                row("listReportRounds", regionAdmins, s -> s.queryParam("campaignId", f.get("campaign"))),
                row("getReportRound", regionAdmins, "round"),
                row("getRoundTable", regionAdminsInX, s -> s, "round", "countyX"),
                row("fillRoundTable", regionAdminsInX, s -> json(s, Map.of("entries",
                        Map.of("study-group-sessions", 1), "submit", false)), "round", "countyX"),
                row("reopenRoundTable", aboveXActs, s -> json(s, Map.of("reason", "矩阵重开")), "round", "countyX"),
                row("roundTableHistory", regionAdminsInX, s -> s, "round", "countyX"),
                row("exportRoundTable", regionAdminsInX, s -> s.queryParam("format", "csv"), "round", "countyX"),
                row("roundStatusBoard", regionAdmins, "round"),
                row("remindRoundContacts", regionAdmins, "round"),
                row("getReportContact", regionAdminsInX, s -> s, "countyX"),
                row("putReportContact", regionAdminsInX, s -> json(s, Map.of("name", "赵联络", "mobile",
                        "13800001234")), "countyX"));
    }

    @Test
    void everyOperationOfTheContractHasARow() {
        TreeSet<String> inContract = new TreeSet<>(operations().keySet());
        TreeSet<String> inTable = new TreeSet<>();
        table().forEach(r -> assertThat(inTable.add(r.operationId())).as("two rows for " + r.operationId()).isTrue());
        TreeSet<String> missing = new TreeSet<>(inContract);
        missing.removeAll(inTable);
        TreeSet<String> stale = new TreeSet<>(inTable);
        stale.removeAll(inContract);
        assertThat(missing).as("operations of openapi.yaml without a row in the access matrix").isEmpty();
        assertThat(stale).as("rows for operations no longer in openapi.yaml").isEmpty();
    }

    @Test
    void everyCallerGetsWhatTheTableSays() {
        setUp();
        Map<String, Endpoint> operations = operations();
        List<String> failures = new ArrayList<>();
        int cells = 0;
        for (Row row : table()) {
            Endpoint endpoint = operations.get(row.operationId());
            assertThat(endpoint).as("operation " + row.operationId() + " in openapi.yaml").isNotNull();
            String[] expected = row.expected().trim().split("\\s+");
            assertThat(expected).as("expectations of " + row.operationId()).hasSize(Caller.values().length);
            for (Caller caller : Caller.values()) {
                cells++;
                String want = expected[caller.ordinal()];
                String cell = row.operationId() + " (" + endpoint.method() + " " + endpoint.path() + ") as " + caller;
                try {
                    Response r = row.request().apply(spec(caller, endpoint.multipart()))
                            .when().request(endpoint.method(), endpoint.path(), row.pathParams().apply(f));
                    if (!matches(want, r.statusCode())) {
                        failures.add(cell + ": expected " + want + ", got " + r.statusCode() + " "
                                + abbreviate(r.asString()));
                    }
                } catch (Throwable e) {
                    failures.add(cell + ": expected " + want + ", failed: " + abbreviate(String.valueOf(e.getMessage())));
                }
            }
        }
        System.out.printf("Access matrix: %d operations x %d callers = %d cells checked, %d failed%n",
                table().size(), Caller.values().length, cells, failures.size());
        assertThat(failures).as("cells of the access matrix that differ from the table").isEmpty();
    }

    private static boolean matches(String want, int status) {
        return switch (want) {
            case "OK" -> status >= 200 && status < 300;
            case "PASS" -> status < 500 && status != 401 && status != 403;
            default -> status == Integer.parseInt(want);
        };
    }

    private record Endpoint(String method, String path, boolean multipart) {
    }

    /** Every operation of the contract, by operationId. */
    private static Map<String, Endpoint> operations() {
        OpenAPI api = new OpenAPIV3Parser().read(Path.of("openapi.yaml").toAbsolutePath().toUri().toString());
        Map<String, Endpoint> out = new LinkedHashMap<>();
        api.getPaths().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : item.readOperationsMap().entrySet()) {
                Operation o = op.getValue();
                boolean multipart = o.getRequestBody() != null && o.getRequestBody().getContent() != null
                        && o.getRequestBody().getContent().containsKey("multipart/form-data");
                assertThat(out.put(o.getOperationId(), new Endpoint(op.getKey().name(), path, multipart)))
                        .as("operationId " + o.getOperationId() + " used twice").isNull();
            }
        });
        return out;
    }

    private RequestSpecification spec(Caller caller, boolean multipart) {
        RequestSpecification s = io.restassured.RestAssured.given().filter(multipart ? MULTIPART : CONTRACT);
        String token = tokens.get(caller);
        return token == null ? s : s.header("Authorization", "Bearer " + token);
    }

    /**
     * A's attempts (one finished, one open at its first question), A's prize (a physical one, claimable), A's
     * real-name hazard report with a photo in county X, an anonymous report's tracking code and secret, a unit in X.
     */
    private void setUp() {
        hazards.clearLimits();
        Api.Session a = Api.player(TOWN_X, null);
        Api.Session b = Api.player(TOWN_X, null);
        tokens.put(Caller.PARTICIPANT_A, a.accessToken());
        tokens.put(Caller.PARTICIPANT_B, b.accessToken());
        tokens.put(Caller.COUNTY_X, AdminTokens.region(COUNTY_X));
        tokens.put(Caller.COUNTY_Y, AdminTokens.region(COUNTY_Y));
        tokens.put(Caller.PROVINCE_X, AdminTokens.region("11"));
        tokens.put(Caller.NATIONAL, AdminTokens.national());
        tokens.put(Caller.OFFICER_X, AdminTokens.token("officer-" + COUNTY_X, List.of(Roles.HAZARD_OFFICER), COUNTY_X));
        tokens.put(Caller.OFFICER_Y, AdminTokens.token("officer-" + COUNTY_Y, List.of(Roles.HAZARD_OFFICER), COUNTY_Y));
        tokens.put(Caller.ORGANIZER_X, AdminTokens.token("organizer-" + COUNTY_X, List.of(Roles.ORGANIZER), COUNTY_X));

        long campaign = play.shortCampaign(3);
        f.put("campaign", campaign);
        f.put("province", "11");
        String finished = play.start(a, campaign);
        play.playThrough(a, finished, 5);
        f.put("finishedAttempt", finished);
        String open = play.start(a, campaign);
        f.put("openAttempt", open);
        f.put("option", play.current(a, open).getList("options.id", String.class).get(0));
        JsonPath practice = Api.as(a).contentType(ContentType.JSON).body(Map.of("category", "fire", "size", 2))
                .when().post("/api/v1/practice-sessions").then().statusCode(201).extract().jsonPath();
        f.put("practice", practice.getString("id"));
        f.put("practiceOption", practice.getList("question.options.id", String.class).get(0));

        f.put("tier", lottery.pool(campaign, List.of(
                LotteryFixtures.tier("安全帽", "PHYSICAL", LotteryFixtures.TOTAL, 100, 5, null))).get(0));
        lottery.chances(campaign, a.participantId(), 2);
        f.put("draw", LotteryFixtures.draw(a, campaign, UUID.randomUUID()).statusCode(201).extract().path("id"));

        f.put("unit", db.count("insert into unit (name, region_code) values (?, ?) returning id",
                "矩阵测试单位" + suffix(), COUNTY_X));
        f.put("question", db.row("select id from question order by id limit 1").get("id"));
        String draftCode = "matrix-draft-" + suffix();
        f.put("draftCode", draftCode);
        f.put("draftCampaign", LotteryFixtures.asAdmin(AdminTokens.national()).body(campaignBody(draftCode))
                .when().post("/api/v1/admin/campaigns").then().statusCode(201).extract().path("id"));

        String report = HazardFixtures.report(a, HazardFixtures.realName());
        f.put("report", report);
        f.put("photo", db.row("select id from hazard_photo where report_id = ?::uuid and event_id is null "
                + "order by position limit 1", UUID.fromString(report)).get("id").toString());
        JsonPath anonymous = HazardFixtures.submit(null, HazardFixtures.form(),
                HazardFixtures.Photo.jpeg(TestPhotos.jpeg(64, 48))).statusCode(201).extract().jsonPath();
        f.put("trackingCode", anonymous.getString("trackingCode"));
        f.put("trackingSecret", anonymous.getString("trackingSecret"));

        f.put("countyX", COUNTY_X);
        f.put("round", LotteryFixtures.asAdmin(AdminTokens.national()).body(Map.of("campaignId", campaign,
                        "title", "矩阵轮次", "deadline", Instant.now().plus(Duration.ofDays(2)).toString()))
                .when().post("/api/v1/admin/report-rounds").then().statusCode(201).extract().path("id"));
        LotteryFixtures.asAdmin(AdminTokens.region(COUNTY_X)).body(Map.of("name", "钱联络", "mobile", "13800004321"))
                .when().put("/api/v1/admin/report-contacts/{r}", COUNTY_X).then().statusCode(200);

        JsonPath activity = LotteryFixtures.asAdmin(AdminTokens.national()).body(activityBody())
                .when().post("/api/v1/admin/activities").then().statusCode(201).extract().jsonPath();
        f.put("activity", activity.getLong("activity.id"));
        f.put("activityCode", activity.getString("checkInCode.code"));
        f.put("activityToCancel", LotteryFixtures.asAdmin(AdminTokens.national()).body(activityBody())
                .when().post("/api/v1/admin/activities").then().statusCode(201).extract().path("activity.id"));
    }

    private static String defaultTemplate() {
        try (var in = AccessMatrixTest.class.getClassLoader().getResourceAsStream("report-templates/national.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An event in town X of the matrix's campaign, on now. */
    private Map<String, Object> activityBody() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> e = new HashMap<>();
        e.put("campaignId", f.get("campaign"));
        e.put("name", "矩阵咨询活动");
        e.put("kind", "CONSULTATION");
        e.put("regionCode", TOWN_X);
        e.put("address", "东华门街道");
        e.put("startsAt", now.minus(Duration.ofHours(1)).toString());
        e.put("endsAt", now.plus(Duration.ofHours(2)).toString());
        return e;
    }

    private RequestSpecification campaignInX(RequestSpecification s) {
        return s.queryParam("campaign", f.get("campaign")).queryParam("region", COUNTY_X);
    }

    /** A phone number that has just been sent a code. */
    private static String codeSent() {
        String phone = Api.newPhone();
        Api.api().contentType(ContentType.JSON).body(Map.of("phone", phone)).when().post("/api/v1/auth/sms-codes")
                .then().statusCode(202);
        return phone;
    }

    private static Map<String, Object> campaignBody(String code) {
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("attemptsPerDay", 1);
        rules.put("questionsPerAttempt", 5);
        rules.put("secondsPerQuestion", 30);
        rules.put("correctPerChance", 2);
        rules.put("chancesPerDayCap", 3);
        rules.put("pointsPerCorrect", 10);
        rules.put("perfectBonus", 0);
        rules.put("categoryMix", Map.of("fire", 2, "safety-law", 3));
        LocalDate start = LocalDate.now().plusYears(5);
        return Map.of("code", code, "name", "访问矩阵测试", "startDate", start.toString(),
                "endDate", start.plusDays(10).toString(), "rules", rules);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }
}
