package anquanli.statistics;

import io.smallrye.config.ConfigMapping;

/** Defaults of the review signals. */
@ConfigMapping(prefix = "anquanli.review")
public interface ReviewConfig {

    /** Attempts whose median answer time is below this are listed for review. */
    long minMedianAnswerMillis();

    /** Devices or client addresses behind at least this many accounts are listed for review. */
    int minAccountsPerDevice();
}
