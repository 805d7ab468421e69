package anquanli.quiz.practice;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** Rules of practice mode (练功房); the keys and their defaults are in application.properties. */
@ConfigMapping(prefix = "anquanli.practice")
public interface PracticeConfig {

    /** Questions in a session when the app does not ask for a number. */
    int defaultSize();

    /** The most questions one session may hold. */
    int maxSize();

    /** Sessions one participant may start per hour: practice has no daily limit, but it is not a free API either. */
    int sessionsPerParticipantPerHour();

    /** How long a session stays answerable after it starts; it is gone (404) afterwards. */
    Duration sessionTtl();
}
