package anquanli.quiz.attempt;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

@ConfigMapping(prefix = "anquanli.attempt")
public interface AttemptConfig {

    /** Added to questions × seconds-per-question to give an attempt's overall deadline. */
    Duration grace();

    /** Whether ordinary answers are graded and recorded by one statement (else: read, grade in Java, write). */
    boolean oneStatementAnswers();

    String expiryScanInterval();
}
