package anquanli.participant;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

@ConfigMapping(prefix = "anquanli.auth")
public interface AuthConfig {

    Duration accessTokenTtl();

    Duration refreshTokenTtl();

    /** Verified participant tokens remembered at most (0: verify every request). */
    int tokenCacheSize();

    /** How long a verified token is remembered at most (never past its expiry). */
    Duration tokenCacheTtl();
}
