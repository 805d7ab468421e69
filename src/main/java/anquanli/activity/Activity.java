package anquanli.activity;

import anquanli.common.GeoPoint;
import anquanli.region.RegionNodes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An event as stored (one row of activity). Never leaves through the REST layer: views are made from it. */
public record Activity(long id, long campaignId, String name, ActivityKind kind, String regionCode,
                       String provinceCode, String cityCode, String countyCode, String townCode, String address,
                       GeoPoint location, Instant startsAt, Instant endsAt, LocalDate localDay, Integer capacity,
                       Long unitId, String organizerName, Integer geofenceMeters, int headCount, Status status,
                       String cancelReason, String createdBy, Instant createdAt, Instant updatedAt) {

    public enum Status { ACTIVE, CANCELLED }

    /** The region nodes the event counts in (the country, each level down to its own region). */
    public List<RegionNodes.Node> nodes() {
        return RegionNodes.of(new String[]{provinceCode, cityCode, countyCode, townCode});
    }

    /** App check-ins so far: all, those uploaded after the event (offline), those outside the geofence. */
    public record Counts(long checkIns, long offline, long far) {

        public static final Counts NONE = new Counts(0, 0, 0);
    }

    /** A check-in as stored. */
    public record CheckIn(UUID id, long activityId, long participantId, String nonce, Instant checkedInAt,
                          Instant scannedAt, LocalDate localDay, boolean offline, Integer distanceMeters, Boolean far,
                          int bonusChances) {

        CheckIn withBonus(int chances) {
            return new CheckIn(id, activityId, participantId, nonce, checkedInAt, scannedAt, localDay, offline,
                    distanceMeters, far, chances);
        }
    }

    /** One change of the head count. */
    public record HeadCountChange(long id, int previous, int count, String note, String recordedBy,
                                  Instant recordedAt) {
    }
}
