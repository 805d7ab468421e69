package anquanli.activity;

import anquanli.common.CoordinateSystem;
import anquanli.common.Coordinates;
import anquanli.common.GeoPoint;
import anquanli.region.RegionRef;
import anquanli.region.RegionTree;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** API shapes of activities and check-ins. Participants appear to organizers only as check-in rows, never by name. */
public final class ActivityViews {

    private ActivityViews() {
    }

    /** A position in the coordinate system the client asked for. */
    public record Location(double lat, double lng, CoordinateSystem coordinateSystem) {

        static Location of(GeoPoint wgs84, CoordinateSystem system) {
            if (wgs84 == null) {
                return null;
            }
            GeoPoint p = Coordinates.fromWgs84(wgs84, system);
            return new Location(p.lat(), p.lng(), system);
        }
    }

    /**
     * An event's figures: app check-ins (of which uploaded after the event, and outside its geofence), the walk-in head
     * count, and 人次 = check-ins + head count.
     */
    public record Counts(long checkIns, long offlineCheckIns, long farCheckIns, int headCount, long participants) {

        static Counts of(Activity a, Activity.Counts c) {
            return new Counts(c.checkIns(), c.offline(), c.far(), a.headCount(), c.checkIns() + a.headCount());
        }
    }

    public record ActivityView(long id, long campaignId, String name, ActivityKind kind, String kindTitle,
                               RegionRef region, String address, Location location, Instant startsAt, Instant endsAt,
                               LocalDate day, Integer capacity, Long unitId, String organizerName,
                               Integer geofenceMeters, Activity.Status status, String cancelReason, Counts counts,
                               String createdBy, Instant createdAt, Instant updatedAt) {

        static ActivityView of(Activity a, Activity.Counts c, RegionTree regions, CoordinateSystem system) {
            return new ActivityView(a.id(), a.campaignId(), a.name(), a.kind(), a.kind().title(),
                    RegionRef.of(regions.require(a.regionCode())), a.address(), Location.of(a.location(), system),
                    a.startsAt(), a.endsAt(), a.localDay(), a.capacity(), a.unitId(), a.organizerName(),
                    a.geofenceMeters(), a.status(), a.cancelReason(), Counts.of(a, c), a.createdBy(), a.createdAt(),
                    a.updatedAt());
        }
    }

    /** The check-in code of the poster, for showing on a screen (livestreams, lecture slides) or printing elsewhere. */
    public record CheckInCode(String code, String qrText, String keyId) {
    }

    public record HeadCountChange(int previous, int count, String note, String recordedBy, Instant recordedAt) {

        static HeadCountChange of(Activity.HeadCountChange c) {
            return new HeadCountChange(c.previous(), c.count(), c.note(), c.recordedBy(), c.recordedAt());
        }
    }

    public record Detail(ActivityView activity, CheckInCode checkInCode, List<HeadCountChange> headCounts) {
    }

    public record Page(List<ActivityView> items, String nextCursor) {
    }

    /** A check-in as its organizer sees it: no participant beyond a number within the event. */
    public record EventCheckIn(UUID id, Instant checkedInAt, Instant scannedAt, boolean offline, Integer distanceMeters,
                               Boolean outsideGeofence) {
    }

    public record EventCheckInPage(List<EventCheckIn> items, String nextCursor) {
    }

    /** The event as a participant sees it on their check-in. */
    public record Event(long id, String name, ActivityKind kind, String kindTitle, RegionRef region, String address,
                        Instant startsAt, Instant endsAt) {

        static Event of(Activity a, RegionTree regions) {
            return new Event(a.id(), a.name(), a.kind(), a.kind().title(),
                    RegionRef.of(regions.require(a.regionCode())), a.address(), a.startsAt(), a.endsAt());
        }
    }

    public enum Result {
        /** This request checked the participant in (or is a retry of the one that did: same nonce). */
        CHECKED_IN,
        /** The participant had checked in to this event before; nothing was counted. */
        ALREADY_CHECKED_IN
    }

    public record CheckInView(UUID id, Result result, Event event, Instant checkedInAt, Instant scannedAt,
                              boolean offline, Integer distanceMeters, Boolean outsideGeofence, int bonusChances) {

        static CheckInView of(Result result, Activity.CheckIn c, Activity a, RegionTree regions) {
            return new CheckInView(c.id(), result, Event.of(a, regions), c.checkedInAt(), c.scannedAt(), c.offline(),
                    c.distanceMeters(), c.far(), c.bonusChances());
        }
    }

    public record MyCheckIns(List<CheckInView> items, String nextCursor) {
    }
}
