package anquanli.participant;

import anquanli.common.ApiProblem;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Choosing and configuring the sender, and reading the gateway's answers (end to end: AliyunSmsTest). */
class SmsSendersTest {

    @Test
    void gatewayAnswersAreSortedByWhoseFaultAndWhatHelps() {
        assertThat(AliyunSmsSender.classify(200, "OK")).isNull();
        assertThat(AliyunSmsSender.classify(200, "isv.MOBILE_NUMBER_ILLEGAL")).isEqualTo(SmsFailure.PHONE_REFUSED);
        assertThat(AliyunSmsSender.classify(200, "isv.BUSINESS_LIMIT_CONTROL")).isEqualTo(SmsFailure.PHONE_RATE_LIMITED);
        for (String throttled : List.of("Throttling", "Throttling.User", "Throttling.Api")) {
            assertThat(AliyunSmsSender.classify(400, throttled)).as(throttled).isEqualTo(SmsFailure.GATEWAY_BUSY);
        }
        assertThat(AliyunSmsSender.classify(429, null)).isEqualTo(SmsFailure.GATEWAY_BUSY);
        for (String ours : List.of("isv.AMOUNT_NOT_ENOUGH", "isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL",
                "isp.RAM_PERMISSION_DENY", "isv.OUT_OF_SERVICE", "isv.DAY_LIMIT_CONTROL", "SignatureDoesNotMatch",
                "InvalidAccessKeyId.NotFound", "InvalidTimeStamp.Expired", "isv.SOMETHING_NEW")) {
            assertThat(AliyunSmsSender.classify(ours.startsWith("isv") || ours.startsWith("isp") ? 200 : 400, ours))
                    .as(ours).isEqualTo(SmsFailure.GATEWAY_MISCONFIGURED);
        }
        assertThat(AliyunSmsSender.classify(404, "InvalidAccessKeyId.NotFound"))
                .isEqualTo(SmsFailure.GATEWAY_MISCONFIGURED);
        assertThat(AliyunSmsSender.classify(404, null)).as("something else at the endpoint")
                .isEqualTo(SmsFailure.GATEWAY_MISCONFIGURED);
        for (String down : List.of("isp.SYSTEM_ERROR", "ServiceUnavailable", "InternalError")) {
            assertThat(AliyunSmsSender.classify(200, down)).as(down).isEqualTo(SmsFailure.GATEWAY_DOWN);
        }
        assertThat(AliyunSmsSender.classify(500, null)).isEqualTo(SmsFailure.GATEWAY_DOWN);
        assertThat(AliyunSmsSender.classify(502, "Whatever")).isEqualTo(SmsFailure.GATEWAY_DOWN);
        assertThat(AliyunSmsSender.classify(500, "OK")).as("OK with an error status").isEqualTo(SmsFailure.GATEWAY_DOWN);
    }

    @Test
    void failuresBecomeProblemsTheAppCanActOn() {
        assertProblem(SmsFailure.PHONE_REFUSED, 400, "phone-invalid", null);
        assertProblem(SmsFailure.PHONE_RATE_LIMITED, 429, "too-many-requests", 60L);
        assertProblem(SmsFailure.GATEWAY_BUSY, 503, "service-busy", 5L);
        assertProblem(SmsFailure.GATEWAY_DOWN, 503, "sms-unavailable", 30L);
        assertProblem(SmsFailure.GATEWAY_MISCONFIGURED, 503, "sms-unavailable", 300L);
    }

    private static void assertProblem(SmsFailure failure, int status, String code, Long retryAfter) {
        ApiProblem p = failure.problem();
        assertThat(p.status()).as(failure.name()).isEqualTo(status);
        assertThat(p.code()).as(failure.name()).isEqualTo(code);
        assertThat(p.extensions().get("retryAfter")).as(failure.name()).isEqualTo(retryAfter);
    }

    @Test
    void theAliyunSenderNamesEverySettingItLacks() {
        assertThatThrownBy(() -> AliyunSmsSender.create(null, aliyun(null, null, null, null), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anquanli.sms.aliyun.access-key-id")
                .hasMessageContaining("anquanli.sms.aliyun.access-key-secret")
                .hasMessageContaining("anquanli.sms.aliyun.sign-name")
                .hasMessageContaining("anquanli.sms.aliyun.templates.login-code")
                .hasMessageContaining("anquanli.sms.aliyun.templates.hazard-accepted")
                .hasMessageContaining("anquanli.sms.aliyun.templates.hazard-closed")
                .hasMessageContaining("anquanli.sms.aliyun.templates.report-reminder");
        assertThatThrownBy(() -> AliyunSmsSender.create(null, aliyun("id", " ", "安全力", "SMS_1"), Clock.systemUTC()))
                .hasMessageContaining("access-key-secret").hasMessageNotContaining("access-key-id");
    }

    /** Outside dev and test the logging sender keeps the code to itself (production refuses it anyway). */
    @Test
    void theLoggingSenderLogsCodesOnlyWhenToldTo() {
        assertThat(logOf(new LoggingSmsSender(true))).anyMatch(l -> l.contains("654321"));
        List<String> quiet = logOf(new LoggingSmsSender(false));
        assertThat(quiet).as("the sender logged something (the capture works)").isNotEmpty();
        assertThat(quiet).noneMatch(l -> l.contains("654321") || l.contains("5678"));
    }

    private static List<String> logOf(LoggingSmsSender sender) {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            sender.send("13812345678", SmsMessage.loginCode("654321")).await().indefinitely();
        } finally {
            root.removeHandler(capture);
        }
        return lines;
    }

    private static SmsConfig.Aliyun aliyun(String id, String secret, String signName, String template) {
        return new SmsConfig.Aliyun() {
            @Override
            public URI endpoint() {
                return URI.create("https://dysmsapi.aliyuncs.com");
            }

            @Override
            public Optional<String> accessKeyId() {
                return Optional.ofNullable(id);
            }

            @Override
            public Optional<String> accessKeySecret() {
                return Optional.ofNullable(secret);
            }

            @Override
            public Optional<String> signName() {
                return Optional.ofNullable(signName);
            }

            @Override
            public Templates templates() {
                return new Templates() {
                    @Override
                    public Optional<String> loginCode() {
                        return Optional.ofNullable(template);
                    }

                    @Override
                    public Optional<String> hazardAccepted() {
                        return Optional.ofNullable(template);
                    }

                    @Override
                    public Optional<String> hazardClosed() {
                        return Optional.ofNullable(template);
                    }

                    @Override
                    public Optional<String> reportReminder() {
                        return Optional.ofNullable(template);
                    }
                };
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
