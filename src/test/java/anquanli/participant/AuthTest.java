package anquanli.participant;

import anquanli.Api;
import anquanli.Db;
import anquanli.RecordingSmsSender;
import anquanli.common.AppClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static anquanli.Api.api;
import static anquanli.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class AuthTest {

    @Inject
    RecordingSmsSender sms;
    @Inject
    Db db;
    @Inject
    RedisDataSource redis;
    @Inject
    AppClock clock;

    private static void requestCode(String phone) {
        api().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/auth/sms-codes").then().statusCode(202)
                .body("expiresInSeconds", equalTo(300));
    }

    private static io.restassured.response.ValidatableResponse token(String phone, String code) {
        return api().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", code))
                .when().post("/api/v1/auth/tokens").then();
    }

    @Test
    void loginWithTheSentCodeCreatesTheParticipantOnce() {
        String phone = Api.newPhone();
        requestCode(phone);

        JsonPath first = token(phone, sms.lastCode(phone)).statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("newParticipant", equalTo(true))
                .body("participant.phone", equalTo(phone.substring(0, 3) + "****" + phone.substring(7)))
                .body("participant.profileComplete", equalTo(false))
                .extract().jsonPath();

        requestCode(phone);
        token(phone, sms.lastCode(phone)).statusCode(200)
                .body("newParticipant", equalTo(false))
                .body("participant.id", equalTo(first.getInt("participant.id")));
    }

    @Test
    void aCodeWorksOnce() {
        String phone = Api.newPhone();
        requestCode(phone);
        String code = sms.lastCode(phone);

        token(phone, code).statusCode(200);
        token(phone, code).statusCode(400).body("code", equalTo("code-invalid"));
    }

    @Test
    void tooManyWrongCodesVoidTheCode() {
        String phone = Api.newPhone();
        requestCode(phone);
        String code = sms.lastCode(phone);
        String wrong = code.equals("000000") ? "000001" : "000000";

        for (int i = 0; i < 5; i++) {
            token(phone, wrong).statusCode(400).body("code", equalTo("code-invalid"));
        }
        token(phone, code).statusCode(400).body("code", equalTo("code-invalid"));
    }

    @Test
    void codeRequestsPerPhoneAreLimitedPerDay() {
        String phone = Api.newPhone();
        for (int i = 0; i < 10; i++) {
            requestCode(phone);
        }
        api().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/auth/sms-codes").then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("code", equalTo("too-many-requests"))
                .body("retryAfter", notNullValue());
    }

    @Test
    void invalidPhoneIsRefused() {
        api().contentType(ContentType.JSON).body(Map.of("phone", "12345"))
                .when().post("/api/v1/auth/sms-codes").then().statusCode(400).body("code", equalTo("phone-invalid"));
        api().contentType(ContentType.JSON).body(Map.of("phone", ""))
                .when().post("/api/v1/auth/sms-codes").then().statusCode(400)
                .body("code", equalTo("validation-failed")).body("errors[0].field", equalTo("phone"));
    }

    @Test
    void refreshTokensRotateAndAReplayRevokesTheFamily() {
        Api.Session s = Api.login(Api.newPhone());

        JsonPath rotated = api().contentType(ContentType.JSON).body(Map.of("refreshToken", s.refreshToken()))
                .when().post("/api/v1/auth/tokens/refresh").then().statusCode(200).extract().jsonPath();
        String next = rotated.getString("refreshToken");
        assertThat(next).isNotEqualTo(s.refreshToken());
        api().header("Authorization", "Bearer " + rotated.getString("accessToken")).when().get("/api/v1/me").then().statusCode(200);

        // The old token again: refused, and the token issued from it dies with it.
        api().contentType(ContentType.JSON).body(Map.of("refreshToken", s.refreshToken()))
                .when().post("/api/v1/auth/tokens/refresh").then().statusCode(401)
                .body("code", equalTo("refresh-token-invalid"));
        api().contentType(ContentType.JSON).body(Map.of("refreshToken", next))
                .when().post("/api/v1/auth/tokens/refresh").then().statusCode(401);
    }

    @Test
    void forgedOrMissingTokensAreRefused() {
        Api.Session s = Api.login(Api.newPhone());
        String[] parts = s.accessToken().split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"sub\":\"" + s.participantId() + "\"", "\"sub\":\"" + (s.participantId() + 1) + "\"")
                        .getBytes(StandardCharsets.UTF_8));
        String forged = parts[0] + "." + forgedPayload + "." + parts[2];
        assertThat(forged).isNotEqualTo(s.accessToken());

        api().header("Authorization", "Bearer " + forged).when().get("/api/v1/me").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
        anquanli.Api.bad().when().get("/api/v1/me").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void phoneIsStoredEncryptedAndHashedAndShownMasked() {
        String phone = Api.newPhone();
        Api.Session s = Api.login(phone);

        Map<String, Object> row = db.row("select phone_hash, phone_cipher, phone_masked from participant where id = ?",
                s.participantId());
        String cipher = new String((byte[]) row.get("phone_cipher"), StandardCharsets.ISO_8859_1);
        String hash = new String((byte[]) row.get("phone_hash"), StandardCharsets.ISO_8859_1);
        assertThat(cipher).doesNotContain(phone).doesNotContain(phone.substring(3));
        assertThat(hash).doesNotContain(phone);
        assertThat(row.get("phone_masked")).isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7));
        assertThat(db.count("select count(*) from participant where phone_masked = ? and id = ?",
                phone.substring(0, 3) + "****" + phone.substring(7), s.participantId())).isEqualTo(1);
        as(s).when().get("/api/v1/me").then().statusCode(200)
                .body("phone", equalTo(phone.substring(0, 3) + "****" + phone.substring(7)));
    }

    @Test
    void thePhoneNumberNeverReachesTheLog() {
        String phone = Api.newPhone();
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(String.valueOf(r.getMessage()) + " " + java.util.Arrays.toString(r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            Api.player(); // some unrelated activity
            requestCode(phone);
            token(phone, sms.lastCode(phone)).statusCode(200);
            token(phone, "000000").statusCode(400);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(lines).isNotEmpty();
        assertThat(lines).noneMatch(l -> l.contains(phone));
    }

    /** The per-network code limit's counters of this hour, by key. */
    private Map<String, Long> addressCounters() {
        String hour = clock.now().toString().substring(0, 13);
        Map<String, Long> counters = new HashMap<>();
        for (String key : redis.key().keys("sms:ip:*:" + hour)) {
            counters.put(key, Long.parseLong(redis.string(String.class).get(key)));
        }
        return counters;
    }

    /** With no trusted proxy configured (the default), a client cannot name its own rate-limit address. */
    @Test
    void aForwardedForHeaderDoesNotPickTheRateLimitBucket() {
        String spoofed = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
        Map<String, Long> before = addressCounters();

        api().header("X-Forwarded-For", spoofed).contentType(ContentType.JSON).body(Map.of("phone", Api.newPhone()))
                .when().post("/api/v1/auth/sms-codes").then().statusCode(202);

        Map<String, Long> after = addressCounters();
        assertThat(after.keySet()).noneMatch(k -> k.contains(spoofed));
        var counted = after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))).toList();
        assertThat(counted).hasSize(1);
        assertThat(counted.get(0).getKey()).matches("sms:ip:(127\\.0\\.0\\.1|0:0:0:0:0:0:0:1):.*");
        assertThat(counted.get(0).getValue()).isEqualTo(before.getOrDefault(counted.get(0).getKey(), 0L) + 1);
    }
}
