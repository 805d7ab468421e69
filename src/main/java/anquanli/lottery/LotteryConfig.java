package anquanli.lottery;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "anquanli.lottery")
public interface LotteryConfig {

    /** AES-256 key (base64) for claims' personal information. */
    String claimEncryptionKey();

    /** How often the scheduled reconciliation runs (a Quarkus scheduler interval such as 5m). */
    String reconcileInterval();
}
