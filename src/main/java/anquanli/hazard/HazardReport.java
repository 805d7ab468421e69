package anquanli.hazard;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A report as stored (one row of hazard_report). Never leaves through the REST layer: views are made from it. */
public record HazardReport(UUID id, String trackingCode, byte[] secretHash, HazardCategory category,
                           String description, String regionCode, String handlingRegionCode, String address,
                           Double lat, Double lng, String locationSource, Long unitId, String unitName,
                           Instant occurredAt, boolean reporterWorksThere, boolean anonymous, boolean gpsConsent,
                           byte[] reporterCipher, Instant identifiedAt, HazardStatus status, Instant submittedAt,
                           Instant acceptedAt, Instant dueAt, Instant extendedAt, String extensionReason,
                           Instant closedAt, Boolean verified, BigDecimal fineAmount, UUID duplicateOf,
                           String transferredToAgency, Instant updatedAt) {

    /** Past its handling deadline and still being handled. */
    public boolean overdue(Instant now) {
        return HazardStatus.UNDER_DEADLINE.contains(status) && dueAt != null && dueAt.isBefore(now);
    }

    /** A reporter who can be told things and rewarded: real-name, or anonymous and identified since. */
    public boolean reporterKnown() {
        return reporterCipher != null;
    }

    /** The event, photo and reward rows that make up its history. */
    public record Event(long id, String kind, HazardStatus fromStatus, HazardStatus toStatus, String actor,
                        String note, String publicNote, String details, Instant at) {
    }

    public record Photo(UUID id, Long eventId, int position, String blobKey, String thumbnailKey, int width,
                        int height, int bytes) {
    }

    public record Reward(UUID reportId, UUID matterId, String status, String basis, BigDecimal fineAmount,
                         BigDecimal amount, Instant claimDeadline, Instant claimedAt, Instant paidAt) {
    }

    public record RewardDecision(long id, String decision, String basis, BigDecimal fineAmount, Integer deaths,
                                 String accidentGrade, BigDecimal amount, String reason, String decidedBy,
                                 Instant decidedAt) {
    }
}
