package anquanli.participant;

import io.smallrye.config.ConfigMapping;

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
}
