package anquanli.participant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "anquanli.sms")
public interface SmsConfig {

    Duration codeTtl();

    int maxVerifyFailures();

    Duration resendInterval();

    int maxPerPhonePerDay();

    int maxPerIpPerHour();

    /** Accepted for every phone, in the test profile only. */
    Optional<String> fixedCode();

    /** Who delivers the messages ({@link SmsSenders}). */
    Provider provider();

    Aliyun aliyun();

    enum Provider {
        /** Writes login codes to the log (dev and test); production refuses to start with it. */
        LOGGING,
        /** Alibaba Cloud SMS (Dysmsapi SendSms). */
        ALIYUN
    }

    /** Alibaba Cloud SMS; every value but the endpoint and the timeout is required when the provider is aliyun. */
    interface Aliyun {

        @WithDefault("https://dysmsapi.aliyuncs.com")
        URI endpoint();

        Optional<String> accessKeyId();

        Optional<String> accessKeySecret();

        /** The approved signature (短信签名) shown in front of every message, e.g. 安全力. */
        Optional<String> signName();

        Templates templates();

        /** How long to wait for the gateway to connect, and then to answer. */
        @WithDefault("5s")
        Duration timeout();

        /** The approved template code (SMS_...) of each {@link SmsMessage.Template}. */
        interface Templates {
            Optional<String> loginCode();

            Optional<String> hazardAccepted();

            Optional<String> hazardClosed();

            Optional<String> reportReminder();
        }
    }
}
