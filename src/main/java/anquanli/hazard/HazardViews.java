package anquanli.hazard;

import anquanli.common.CoordinateSystem;
import anquanli.common.Coordinates;
import anquanli.common.GeoPoint;
import anquanli.region.RegionRef;
import anquanli.region.RegionTree;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * API shapes of hazard reports. What a reporter sees (their own report, or one tracked with its secret) and what
 * officers see differ; neither ever carries the reporter's identity, which only the audited reveal returns.
 */
public final class HazardViews {

    private HazardViews() {
    }

    /** A position in the coordinate system the client asked for; {@code source}: CLIENT or PHOTO (the photo's GPS). */
    public record Location(double lat, double lng, CoordinateSystem system, String source) {

        static Location of(HazardReport r, CoordinateSystem system) {
            return r.lat() == null ? null : of(new GeoPoint(r.lat(), r.lng()), r.locationSource(), system);
        }

        static Location of(GeoPoint wgs84, String source, CoordinateSystem system) {
            if (wgs84 == null) {
                return null;
            }
            GeoPoint p = Coordinates.fromWgs84(wgs84, system);
            return new Location(p.lat(), p.lng(), system, source);
        }
    }

    public record Submitted(UUID id, String trackingCode, String trackingSecret, HazardStatus status,
                            Instant submittedAt, Location location, int photoCount) {
    }

    public record PhotoRef(UUID id, Long eventId, int width, int height, String url, String thumbnailUrl) {
    }

    /** A step of the timeline as the reporter sees it: no officer, no internal note. */
    public record PublicEvent(String kind, HazardStatus status, Instant at, String note) {
    }

    public record RewardView(String status, BigDecimal amount, Instant claimDeadline, Instant claimedAt,
                             Instant paidAt) {

        static RewardView of(HazardReport.Reward w) {
            return w == null ? null : new RewardView(w.status(), w.amount(), w.claimDeadline(), w.claimedAt(),
                    w.paidAt());
        }
    }

    /** The reporter's own report ({@code GET /me/hazard-reports/{id}}) or the list entry of it. */
    public record MyReport(UUID id, String trackingCode, HazardCategory category, String categoryTitle,
                           String description, RegionRef region, String address, Location location, String unitName,
                           Instant occurredAt, HazardStatus status, Instant submittedAt, Instant closedAt,
                           boolean anonymous, List<PhotoRef> photos, List<PublicEvent> timeline, RewardView reward) {
    }

    public record MyReportPage(List<MyReport> items, int offset, int limit) {
    }

    /** What the tracking code and its secret show: status and the public timeline, nothing of the report's text. */
    public record Tracked(String trackingCode, HazardCategory category, HazardStatus status, Instant submittedAt,
                          Instant closedAt, boolean identified, List<PublicEvent> timeline, RewardView reward) {
    }

    public record ListItem(UUID id, String trackingCode, HazardCategory category, String categoryTitle,
                           String description, RegionRef region, RegionRef handlingRegion, String address,
                           Location location, Long unitId, String unitName, HazardStatus status, Instant submittedAt,
                           Instant acceptedAt, Instant dueAt, boolean overdue, boolean anonymous) {
    }

    public record Page(List<ListItem> items, String nextCursor) {
    }

    public record AdminEvent(long id, String kind, HazardStatus fromStatus, HazardStatus toStatus, String actor,
                             String note, String publicNote, Map<String, Object> details, Instant at) {
    }

    public record RewardDecisionView(long id, String decision, String basis, BigDecimal fineAmount, Integer deaths,
                                     String accidentGrade, BigDecimal amount, String reason, String decidedBy,
                                     Instant decidedAt) {
    }

    public record RewardAdminView(RewardView current, List<RewardDecisionView> decisions) {
    }

    /** Everything an officer works with, except the reporter's identity. */
    public record AdminReport(ListItem report, boolean reporterWorksThere, boolean gpsConsent, boolean reporterKnown,
                              Instant identifiedAt, Instant occurredAt, Instant extendedAt, String extensionReason,
                              Instant closedAt, Boolean verified, BigDecimal fineAmount, UUID duplicateOf,
                              String transferredToAgency, List<HazardStatus> nextStatuses, List<PhotoRef> photos,
                              List<AdminEvent> timeline, RewardAdminView reward) {
    }

    public record Candidate(ListItem report, Double distanceMeters, boolean sameUnit) {
    }

    public record Identity(Long participantId, String name, String phone, Instant identifiedAt) {
    }

    public record Reveal(long id, UUID reportId, String trackingCode, String officer, String officerRegionCode,
                         String reason, Instant at) {
    }

    public record RevealPage(List<Reveal> items, Long nextBefore) {
    }

    static RegionRef ref(RegionTree regions, String code) {
        var r = regions.find(code);
        return r == null ? null : RegionRef.of(r);
    }
}
