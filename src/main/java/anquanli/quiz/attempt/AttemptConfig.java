package anquanli.quiz.attempt;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

@ConfigMapping(prefix = "anquanli.attempt")
public interface AttemptConfig {

    /** Added to questions × seconds-per-question to give an attempt's overall deadline. */
    Duration grace();

    String expiryScanInterval();
}
