package anquanli.participant;

import anquanli.Api;
import anquanli.DeployedLoginProfile;
import anquanli.DysmsapiStandIn;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static anquanli.DeployedLoginProfile.from;
import static anquanli.DysmsapiStandIn.answer;
import static anquanli.DysmsapiStandIn.json;
import static anquanli.DysmsapiStandIn.refusal;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Login codes and notices through Alibaba Cloud SMS, against a stand-in of its Dysmsapi endpoint: the signed request
 * on the wire, and every kind of refusal as the app sees it (a problem with a stable code, Retry-After where waiting
 * helps; never 500) and as operators see it (the gateway's code in the log; never the phone or the code).
 */
@QuarkusTest
@TestProfile(DeployedLoginProfile.class)
class AliyunSmsTest {

    @Inject
    SmsSender sender;
    @Inject
    RedisDataSource redis;

    private final List<String> log = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            log.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                    + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void freshGatewayAndLimits() {
        answer(DysmsapiStandIn.ok());
        for (String key : redis.key().keys("sms:ip:*")) {
            redis.key().del(key);
        }
    }

    private static ValidatableResponse requestCode(String phone) {
        return from(DeployedLoginProfile.newClientAddress()).contentType(ContentType.JSON)
                .body(Map.of("phone", phone)).when().post("/api/v1/auth/sms-codes").then();
    }

    /** Runs {@code request} with the service's log captured; fails if the phone or the code shows up in it. */
    private void withoutPersonalDataInTheLog(String phone, Runnable request) {
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            request.run();
        } finally {
            root.removeHandler(capture);
        }
        List<String> sent = DysmsapiStandIn.requests().stream().map(r -> r.getBodyAsString()).toList();
        assertThat(sent).as("the gateway was asked").isNotEmpty();
        String code = new JsonObject(DysmsapiStandIn.lastParams().get("TemplateParam")).getString("code");
        assertThat(log).noneMatch(l -> l.contains(phone) || l.contains(phone.substring(3)));
        assertThat(log).noneMatch(l -> l.contains(code));
        assertThat(log).noneMatch(l -> l.contains("PhoneNumbers") || l.contains("TemplateParam"));
    }

    @Test
    void aLoginCodeGoesOutSignedAndSignsIn() {
        String phone = Api.newPhone();
        Instant before = Instant.now().minusSeconds(1);

        requestCode(phone).statusCode(202).body("expiresInSeconds", equalTo(300));

        assertThat(DysmsapiStandIn.requests()).hasSize(1);
        var request = DysmsapiStandIn.requests().get(0);
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).as("everything in the body, nothing in the URL").isEqualTo("/");
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> p = DysmsapiStandIn.lastParams();
        assertThat(p).containsEntry("Action", "SendSms").containsEntry("Version", "2017-05-25")
                .containsEntry("Format", "JSON").containsEntry("RegionId", "cn-hangzhou")
                .containsEntry("AccessKeyId", DysmsapiStandIn.ACCESS_KEY_ID)
                .containsEntry("SignatureMethod", "HMAC-SHA1").containsEntry("SignatureVersion", "1.0")
                .containsEntry("PhoneNumbers", phone).containsEntry("SignName", DysmsapiStandIn.SIGN_NAME)
                .containsEntry("TemplateCode", DysmsapiStandIn.LOGIN_TEMPLATE)
                .containsKeys("SignatureNonce", "Timestamp", "TemplateParam", "Signature");
        assertThat(p.get("SignatureNonce")).matches("[0-9a-f-]{36}");
        Instant timestamp = Instant.parse(p.get("Timestamp"));
        assertThat(p.get("Timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(timestamp).isBetween(before, Instant.now().plusSeconds(1));
        JsonObject templateParam = new JsonObject(p.get("TemplateParam"));
        assertThat(templateParam.fieldNames()).containsExactly("code");
        String code = templateParam.getString("code");
        assertThat(code).matches("\\d{6}");

        // The gateway recomputes the signature over everything else it received, with the secret it holds.
        SortedMap<String, String> signed = new TreeMap<>(p);
        String signature = signed.remove("Signature");
        assertThat(AliyunRpcSignature.sign("POST", signed, DysmsapiStandIn.ACCESS_KEY_SECRET)).isEqualTo(signature);
        assertThat(AliyunRpcSignature.sign("POST", signed, "another secret")).isNotEqualTo(signature);

        Api.api().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", code))
                .when().post("/api/v1/auth/tokens").then().statusCode(200).body("newParticipant", equalTo(true));
    }

    @Test
    void eachNoticeGoesOutUnderItsOwnTemplate() {
        String phone = Api.newPhone();
        sender.send(phone, SmsMessage.hazardAccepted("HZ7K2M9Q")).await().atMost(Duration.ofSeconds(10));
        assertThat(DysmsapiStandIn.lastParams()).containsEntry("TemplateCode", DysmsapiStandIn.ACCEPTED_TEMPLATE)
                .containsEntry("TemplateParam", "{\"trackingCode\":\"HZ7K2M9Q\"}").containsEntry("PhoneNumbers", phone);

        sender.send(phone, SmsMessage.hazardClosed("HZ7K2M9Q")).await().atMost(Duration.ofSeconds(10));
        assertThat(DysmsapiStandIn.lastParams()).containsEntry("TemplateCode", DysmsapiStandIn.CLOSED_TEMPLATE);
    }

    /** The gateway's answer; the status, problem code and Retry-After the app gets (null: none). */
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("isv.MOBILE_NUMBER_ILLEGAL", refusal(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"),
                        400, "phone-invalid", null),
                Arguments.of("isv.BUSINESS_LIMIT_CONTROL", refusal(200, "isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1"),
                        429, "too-many-requests", "60"),
                Arguments.of("Throttling.User", refusal(400, "Throttling.User", "Request was denied due to user flow control."),
                        503, "service-busy", "5"),
                Arguments.of("isv.AMOUNT_NOT_ENOUGH", refusal(200, "isv.AMOUNT_NOT_ENOUGH", "账户余额不足"),
                        503, "sms-unavailable", "300"),
                Arguments.of("isv.SMS_TEMPLATE_ILLEGAL", refusal(200, "isv.SMS_TEMPLATE_ILLEGAL", "模板不合法"),
                        503, "sms-unavailable", "300"),
                Arguments.of("isv.DAY_LIMIT_CONTROL", refusal(200, "isv.DAY_LIMIT_CONTROL", "触发日发送限额"),
                        503, "sms-unavailable", "300"),
                // The real gateway quotes the string it signed, phone and code included: it must not reach the log.
                Arguments.of("SignatureDoesNotMatch", DysmsapiStandIn.quotingTheRequest(refusal(400,
                                "SignatureDoesNotMatch", "Specified signature is not matched with our calculation. "
                                        + "server string to sign is:POST&%2F&" + DysmsapiStandIn.REQUEST_BODY)),
                        503, "sms-unavailable", "300"),
                Arguments.of("InvalidAccessKeyId.NotFound", refusal(404, "InvalidAccessKeyId.NotFound",
                        "Specified access key is not found."), 503, "sms-unavailable", "300"),
                Arguments.of("isp.SYSTEM_ERROR", refusal(200, "isp.SYSTEM_ERROR", "系统错误"),
                        503, "sms-unavailable", "30"),
                Arguments.of("HTTP 500 page", aResponse().withStatus(500).withHeader("Content-Type", "text/html")
                        .withBody("<html><body>500 Internal Server Error</body></html>"), 503, "sms-unavailable", "30"),
                Arguments.of("HTTP 503 ServiceUnavailable", refusal(503, "ServiceUnavailable",
                        "The request has failed due to a temporary failure of the server."), 503, "sms-unavailable", "30"),
                Arguments.of("no answer within the timeout", DysmsapiStandIn.ok().withFixedDelay(4000),
                        503, "sms-unavailable", "30"),
                Arguments.of("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                        503, "sms-unavailable", "30"),
                Arguments.of("an answer that is not JSON", json(200, "OK"), 503, "sms-unavailable", "300"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aRefusedMessageBecomesAProblem(String what, ResponseDefinitionBuilder gateway, int status, String code,
                                        String retryAfter) {
        answer(gateway);
        String phone = Api.newPhone();

        withoutPersonalDataInTheLog(phone, () -> {
            ValidatableResponse response = requestCode(phone).statusCode(status)
                    .contentType("application/problem+json").body("code", equalTo(code));
            if (retryAfter == null) {
                response.header("Retry-After", nullValue());
            } else {
                response.header("Retry-After", retryAfter).body("retryAfter", equalTo(Integer.parseInt(retryAfter)));
            }
            String detail = response.extract().path("detail");
            assertThat(detail).doesNotContain(phone).doesNotContain(phone.substring(3));
        });
        if (what.equals("SignatureDoesNotMatch")) {
            assertThat(DysmsapiStandIn.lastAnswer()).as("the gateway quoted the request").contains(phone);
        }
        if (!what.contains(" ")) {
            assertThat(log).as("operators see the gateway's code").anyMatch(l -> l.contains(what));
        }
    }

    @Test
    void aCodeThatWasNotDeliveredNeitherSignsInNorHoldsBackTheNextRequest() {
        String phone = Api.newPhone();
        answer(aResponse().withStatus(500));
        requestCode(phone).statusCode(503).body("code", equalTo("sms-unavailable"));
        String undelivered = new JsonObject(DysmsapiStandIn.lastParams().get("TemplateParam")).getString("code");

        Api.api().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", undelivered))
                .when().post("/api/v1/auth/tokens").then().statusCode(400).body("code", equalTo("code-invalid"));

        answer(DysmsapiStandIn.ok());
        requestCode(phone).statusCode(202);
        // The cool-down is on in this profile: it was the failure that released it.
        requestCode(phone).statusCode(429).body("detail", equalTo("A code was sent to this phone moments ago"));
    }
}
