package anquanli;

import anquanli.hazard.HazardFixtures;
import anquanli.lottery.LotteryFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import static anquanli.lottery.LotteryFixtures.TOTAL;
import static anquanli.lottery.LotteryFixtures.tier;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A participant's whole day — SMS login, a named profile, an attempt to the end, a draw won and claimed with name,
 * phone and address, a real-name and an anonymous hazard report, the claims export — and not one log line of it
 * carries a phone number, a one-time code, a token, a tracking secret, a claim's name or address, or a reporter.
 * Every record the service logs meanwhile (all categories, the service's own down to DEBUG) is read as formatted,
 * with its exception.
 */
@QuarkusTest
class PersonalDataStaysOutOfLogsTest {

    /** Any JWT (header and claims are base64url JSON objects: eyJ...). */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.");
    /**
     * The test profile's stand-in SMS gateway writes login codes to the log by design (README: the code is in the dev
     * log); that one line may carry the code, nothing else of it is exempt.
     */
    private static final String DEV_SMS_SENDER = "anquanli.participant.LoggingSmsSender";

    @Inject
    RecordingSmsSender sms;
    @Inject
    Play play;
    @Inject
    LotteryFixtures lottery;
    @Inject
    HazardFixtures hazards;

    private record Line(String logger, String text) {
    }

    /** Collects every record that reaches the root logger while it is installed. */
    private static final class Capture extends Handler {
        final List<Line> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord r) {
            String text = r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                text = text + "\n" + trace;
            }
            lines.add(new Line(r.getLoggerName(), text));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aWholeDayOfPlayingClaimingAndReportingLogsNothingPersonal() {
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Logger service = Logger.getLogger("anquanli");
        Level serviceLevel = service.getLevel();
        root.addHandler(capture);
        service.setLevel(Level.FINE);
        Secrets secrets;
        try {
            secrets = playClaimAndReport();
        } finally {
            root.removeHandler(capture);
            service.setLevel(serviceLevel);
        }

        // The capture saw the scenario (else the checks below would pass on nothing).
        assertThat(capture.lines).anySatisfy(l -> assertThat(l.text()).startsWith("SMS login code for"));
        assertThat(capture.lines).anySatisfy(l -> assertThat(l.text()).contains(secrets.trackingCode()));
        assertThat(capture.lines).anySatisfy(l -> assertThat(l.text()).startsWith("Claims of campaign"));

        List<String> leaks = new ArrayList<>();
        for (Line l : capture.lines) {
            for (String secret : secrets.words()) {
                if (l.text().contains(secret)) {
                    leaks.add(secret + " in [" + l.logger() + "] " + l.text());
                }
            }
            if (!l.logger().equals(DEV_SMS_SENDER)
                    && Pattern.compile("(?<![0-9A-Za-z])" + secrets.code() + "(?![0-9A-Za-z])").matcher(l.text()).find()) {
                leaks.add("the login code in [" + l.logger() + "] " + l.text());
            }
            if (JWT.matcher(l.text()).find()) {
                leaks.add("a JWT in [" + l.logger() + "] " + l.text());
            }
        }
        assertThat(leaks).isEmpty();
    }

    /** What must never be logged; the login code separately (the dev SMS line carries it). */
    private record Secrets(List<String> words, String code, String trackingCode) {
    }

    private Secrets playClaimAndReport() {
        String phone = Api.newPhone();
        String displayName = "司马日志测";
        String claimName = "东方领奖人";
        String claimPhone = Api.newPhone();
        String claimAddress = "北京市东城区日志检查路77号";
        String reporterName = "慕容吹哨人";

        // SMS login with the code that was sent, then a refresh.
        Api.api().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/auth/sms-codes").then().statusCode(202);
        String code = sms.lastCode(phone);
        JsonPath login = Api.api().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", code))
                .when().post("/api/v1/auth/tokens").then().statusCode(200).extract().jsonPath();
        JsonPath refreshed = Api.api().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", login.getString("refreshToken")))
                .when().post("/api/v1/auth/tokens/refresh").then().statusCode(200).extract().jsonPath();
        Api.Session s = new Api.Session(refreshed.getLong("participant.id"), phone,
                refreshed.getString("accessToken"), refreshed.getString("refreshToken"));

        Api.as(s).contentType(ContentType.JSON)
                .body(Map.of("displayName", displayName, "regionCode", "110101001", "identityType", "PUBLIC"))
                .when().put("/api/v1/me").then().statusCode(200);

        // An attempt to the end earns chances (1 per 2 correct answers) on a campaign with a prize to win.
        long campaign = lottery.campaign();
        lottery.pool(campaign, List.of(tier("安全帽", "PHYSICAL", TOTAL, 5, 1, null)));
        String attempt = play.start(s, campaign);
        play.playThrough(s, attempt, 5);
        String drawId = LotteryFixtures.draw(s, campaign, UUID.randomUUID()).statusCode(201)
                .extract().path("id");
        Api.as(s).contentType(ContentType.JSON)
                .body(Map.of("name", claimName, "phone", claimPhone, "address", claimAddress))
                .when().put("/api/v1/draws/{id}/claim", drawId).then().statusCode(200);
        LotteryFixtures.asAdmin(AdminTokens.national()).when()
                .get("/api/v1/admin/campaigns/{id}/lottery/claims/export?format=csv", campaign)
                .then().statusCode(200);

        // A real-name report (the reporter's name and the phone they signed in with are sealed), and an anonymous one.
        hazards.clearLimits();
        JsonPath realName = HazardFixtures.sent(s, HazardFixtures.realName("reporterName", reporterName));
        JsonPath anonymous = HazardFixtures.sent(null, HazardFixtures.form());

        return new Secrets(List.of(phone, claimPhone, displayName, claimName, claimAddress, reporterName,
                login.getString("accessToken"), login.getString("refreshToken"), s.accessToken(), s.refreshToken(),
                anonymous.getString("trackingSecret")), code, realName.getString("trackingCode"));
    }
}
