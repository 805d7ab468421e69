package anquanli.common;

import anquanli.Api;
import anquanli.DeployedLoginProfile;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static anquanli.DeployedLoginProfile.CODES_PER_NETWORK_PER_HOUR;
import static anquanli.DeployedLoginProfile.newClientAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The per-network limit on login codes behind a proxy (loopback is the trusted proxy in this profile): the client is
 * the right-most X-Forwarded-For entry the proxy did not write itself, whatever the client put in front of it.
 */
@QuarkusTest
@TestProfile(DeployedLoginProfile.class)
class ProxiedClientAddressTest {

    @Inject
    RedisDataSource redis;
    @Inject
    AppClock clock;

    @BeforeEach
    void clearAddressLimits() {
        for (String key : redis.key().keys("sms:ip:*")) {
            redis.key().del(key);
        }
    }

    private static ValidatableResponse requestCode(String forwardedFor) {
        return Api.api().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body(Map.of("phone", Api.newPhone())).when().post("/api/v1/auth/sms-codes").then();
    }

    @Test
    void strictTransportSecurityWhenTheTrustedProxyReceivedTls() {
        // 127.0.0.1 is a trusted proxy in this profile: its X-Forwarded-Proto is the scheme the client used.
        io.restassured.RestAssured.given().header("X-Forwarded-Proto", "https").when().get("/api/v1/regions").then()
                .statusCode(200).header("Strict-Transport-Security", "max-age=31536000");
        io.restassured.RestAssured.given().header("X-Forwarded-Proto", "http").when().get("/api/v1/regions").then()
                .statusCode(200).header("Strict-Transport-Security", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void spoofedLeftmostEntriesDoNotChangeTheBucket() {
        String client = newClientAddress();
        for (int i = 0; i < CODES_PER_NETWORK_PER_HOUR; i++) {
            // A new address of the client's choosing in front each time; what our proxy saw stays last (once with a
            // second proxy of ours behind it).
            String spoofed = "203.0.113." + (i + 1) + ", 10.0.0." + (i + 1);
            requestCode(spoofed + ", " + client + (i % 2 == 0 ? "" : ", 127.0.0.5")).statusCode(202);
        }
        requestCode("203.0.113.99, " + client).statusCode(429).body("code", equalTo("too-many-requests"))
                .body("detail", equalTo("Too many codes requested from this network; try again later"));

        // Another client keeps its own limit.
        requestCode("203.0.113.1, " + newClientAddress()).statusCode(202);
    }

    @Test
    void aForwardedForThatIsNotAnAddressCountsAgainstThePeer() {
        String hour = clock.now().toString().substring(0, 13);
        Map<String, String> before = counters(hour);

        requestCode("not-an-address").statusCode(202);

        Map<String, String> after = counters(hour);
        assertThat(after.keySet()).noneMatch(k -> k.contains("not-an-address"));
        var counted = after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))).toList();
        assertThat(counted).hasSize(1);
        assertThat(counted.get(0).getKey()).matches("sms:ip:(127\\.0\\.0\\.1|0:0:0:0:0:0:0:1):" + hour);
        assertThat(counted.get(0).getValue()).isEqualTo("1");
    }

    private Map<String, String> counters(String hour) {
        Map<String, String> counters = new HashMap<>();
        for (String key : redis.key().keys("sms:ip:*:" + hour)) {
            counters.put(key, redis.string(String.class).get(key));
        }
        return counters;
    }
}
