package anquanli.activity;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** Rules of activities and check-ins; the keys and their defaults are in application.properties. */
@ConfigMapping(prefix = "anquanli.activity")
public interface ActivityConfig {

    /** What the poster's QR code holds before the signed code: a link that opens the H5 page's check-in. */
    String checkInUrl();

    /** How long before an event starts its check-in opens (people arrive early at a booth). */
    Duration earlyCheckIn();

    /**
     * How long after an event ends a scan made offline during it may still be uploaded (counted, flagged offline).
     * The poster's code is refused once this has passed after the end its code was signed for.
     */
    Duration offlineGrace();

    /** The longest time window of one event (a month-long exhibition is one event). */
    Duration maxDuration();

    /** How long an event read for check-ins may be reused by this instance before it is read again. */
    Duration eventCacheTtl();

    /** Check-ins one participant may make per hour, whatever the events. */
    int checkInsPerParticipantPerHour();

    /** The line above the event's name on the poster. */
    String posterHeading();
}
