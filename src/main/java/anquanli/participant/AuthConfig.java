package anquanli.participant;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

@ConfigMapping(prefix = "anquanli.auth")
public interface AuthConfig {

    Duration accessTokenTtl();

    Duration refreshTokenTtl();
}
