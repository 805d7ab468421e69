package anquanli.hazard;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** Rules of hazard handling and the limits that protect the reporting path; the keys are in application.properties. */
@ConfigMapping(prefix = "anquanli.hazard")
public interface HazardConfig {

    /** Days from acceptance within which a report is to be handled (办结时限). */
    int handlingDays();

    /** The longest single extension of that deadline, in days (one extension per report, with a reason). */
    int maxExtensionDays();

    /** Open reports of the same category within this distance are suggested as duplicates. */
    int duplicateRadiusMeters();

    /** Reports one signed-in participant may send per Asia/Shanghai day. */
    int reportsPerParticipantPerDay();

    /** Reports one client address may send per hour (signed in or not). */
    int reportsPerAddressPerHour();

    /** Tracking look-ups one client address may make per hour (the secret is long; this slows guessing further). */
    int trackingLookupsPerAddressPerHour();

    /** How long a granted reward may be claimed. */
    Duration rewardClaimPeriod();
}
