package anquanli.activity;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.CoordinateSystem;
import anquanli.common.Coordinates;
import anquanli.common.GeoPoint;
import anquanli.common.MicroCache;
import anquanli.common.Paging;
import anquanli.common.RateLimiter;
import anquanli.common.TimeOrderedIds;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A participant's check-in by an event's poster code, and their list of check-ins.
 * <p>
 * Rules: the code must be one this service signed and not expired ({@link PosterCodes}); the event must still be on;
 * check-in opens {@code anquanli.activity.early-check-in} before the start and closes at the end, except for a scan
 * made offline during the window and uploaded within {@code anquanli.activity.offline-grace} after the end, which
 * counts and is flagged offline. One check-in per participant and event: a second scan (new nonce) answers
 * ALREADY_CHECKED_IN and counts nothing; a retried request (same nonce) answers what the first did. With a geofence, a
 * check-in from farther away is counted and flagged, not refused (phones' positions indoors are poor).
 */
@ApplicationScoped
public class CheckInService {

    /** How far ahead of the service's clock a phone's clock may run (an offline scan cannot be in the future). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    private final Pool pool;
    private final ActivityRepository activities;
    private final PosterCodes codes;
    private final RegionTree regions;
    private final RateLimiter limiter;
    private final ActivityConfig config;
    private final AppClock clock;
    private final List<CheckInStep> steps;
    private final MicroCache<Long, Activity> events;

    public CheckInService(Pool pool, ActivityRepository activities, PosterCodes codes, RegionTree regions,
                          RateLimiter limiter, ActivityConfig config, AppClock clock, Instance<CheckInStep> steps) {
        this.pool = pool;
        this.activities = activities;
        this.codes = codes;
        this.regions = regions;
        this.limiter = limiter;
        this.config = config;
        this.clock = clock;
        this.steps = steps.stream().toList();
        this.events = new MicroCache<>(config.eventCacheTtl(), 50_000);
    }

    /** A scan as the app sends it: the location in {@code coordinateSystem}; {@code scannedAt} for offline scans. */
    public record Scan(String code, String nonce, Double lat, Double lng, CoordinateSystem coordinateSystem,
                       boolean offline, Instant scannedAt) {
    }

    /** The answer and whether it created the check-in (201) or found one (200). */
    public record Outcome(ActivityViews.CheckInView view, boolean created) {
    }

    public Uni<Outcome> checkIn(long participantId, Scan scan) {
        // Microseconds, as stored: a retry answers the same time as the first answer did.
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        PosterCodes.Claims claims = codes.read(scan.code(), now);
        GeoPoint at = Coordinates.fromClient(scan.lat(), scan.lng(), scan.coordinateSystem());
        String hour = DateTimeFormatter.ofPattern("yyyyMMddHH").format(now.atZone(AppClock.CAMPAIGN_ZONE));
        return limiter.hit("check-in:p:" + participantId + ":" + hour, Duration.ofHours(1),
                        config.checkInsPerParticipantPerHour(), "Too many check-ins in an hour; try again later")
                .chain(() -> events.get(claims.activityId(), () -> activities.find(pool, claims.activityId())))
                .chain(a -> {
                    if (a == null) {
                        // Signed by us for an event that does not exist: a database restored to before it.
                        throw new ApiProblem(404, "activity-not-found", "Not found", "This poster's event is unknown");
                    }
                    Activity.CheckIn c = admit(a, participantId, scan, at, now);
                    return write(a, c).chain(bonus -> bonus == null ? existing(a, participantId, scan.nonce())
                            : Uni.createFrom().item(new Outcome(ActivityViews.CheckInView.of(
                                    ActivityViews.Result.CHECKED_IN, c.withBonus(bonus), a, regions), true)));
                });
    }

    public Uni<ActivityViews.MyCheckIns> mine(long participantId, String cursor, int limit) {
        Paging.Cursor after = Paging.parseCursor(cursor, Paging.Cursor::uuid);
        return activities.mine(pool, participantId, after == null ? null : after.at(),
                after == null ? null : after.uuid(), limit).map(rows -> new ActivityViews.MyCheckIns(
                rows.stream().map(m -> ActivityViews.CheckInView.of(ActivityViews.Result.CHECKED_IN, m.checkIn(),
                        m.activity(), regions)).toList(),
                rows.size() < limit ? null : Paging.cursor(rows.get(rows.size() - 1).checkIn().checkedInAt(),
                        rows.get(rows.size() - 1).checkIn().id())));
    }

    /** The check-in to write, or the refusal: the window, offline uploads and the geofence. */
    private Activity.CheckIn admit(Activity a, long participantId, Scan scan, GeoPoint at, Instant now) {
        if (a.status() != Activity.Status.ACTIVE) {
            throw new ApiProblem(422, "activity-cancelled", "Event cancelled", "This event was cancelled");
        }
        Instant opens = a.startsAt().minus(config.earlyCheckIn());
        if (now.isBefore(opens)) {
            throw new ApiProblem(422, "check-in-not-open", "Check-in not open yet",
                    "Check-in for this event opens at " + opens, Map.of("opensAt", opens.toString()));
        }
        Instant scannedAt = now;
        boolean offline = scan.offline();
        if (offline && scan.scannedAt() != null) {
            if (scan.scannedAt().isAfter(now.plus(CLOCK_SKEW))) {
                throw ApiProblem.badRequest("scanned-at-future", "scannedAt lies in the future");
            }
            scannedAt = scan.scannedAt().isAfter(now) ? now : scan.scannedAt();
        }
        if (now.isAfter(a.endsAt())) {
            boolean uploadedLate = offline && scan.scannedAt() != null && !scannedAt.isBefore(opens)
                    && !scannedAt.isAfter(a.endsAt()) && !now.isAfter(a.endsAt().plus(config.offlineGrace()));
            if (!uploadedLate) {
                throw new ApiProblem(422, "check-in-closed", "Check-in closed", offline && scan.scannedAt() != null
                        ? "An offline scan counts when it was made during the event and is uploaded within "
                        + config.offlineGrace().toHours() + " h of its end"
                        : "This event ended at " + a.endsAt(), Map.of("endsAt", a.endsAt().toString()));
            }
        } else if (scannedAt.isBefore(opens)) {
            scannedAt = now;
        }
        Integer distance = null;
        Boolean far = null;
        if (a.geofenceMeters() != null && at != null && a.location() != null) {
            double d = Coordinates.distanceMeters(at, a.location());
            distance = (int) Math.min(Integer.MAX_VALUE, Math.round(d));
            far = d > a.geofenceMeters();
        }
        return new Activity.CheckIn(TimeOrderedIds.next(now.toEpochMilli()), a.id(), participantId, scan.nonce(),
                now, scannedAt, clock.dayOf(scannedAt), offline, distance, far, 0);
    }

    /**
     * One statement; in a transaction with the steps only when one applies to the campaign. Answers the lottery
     * chances the steps granted, or null when nothing was written.
     */
    private Uni<Integer> write(Activity a, Activity.CheckIn c) {
        if (steps.isEmpty()) {
            return activities.checkIn(pool, a, c).map(written -> written ? 0 : null);
        }
        return Uni.join().all(steps.stream().map(s -> s.applies(a.campaignId())).toList()).andFailFast()
                .chain(applies -> {
                    if (!applies.contains(true)) {
                        return activities.checkIn(pool, a, c).map(written -> written ? 0 : null);
                    }
                    CheckInStep.CheckedIn done = new CheckInStep.CheckedIn(c.id(), a.campaignId(), a.id(),
                            c.participantId(), c.localDay(), c.checkedInAt());
                    return pool.withTransaction(tx -> activities.checkIn(tx, a, c).chain(written -> {
                        if (!written) {
                            return Uni.createFrom().nullItem();
                        }
                        Uni<Integer> bonus = Uni.createFrom().item(0);
                        for (int i = 0; i < steps.size(); i++) {
                            if (applies.get(i)) {
                                CheckInStep step = steps.get(i);
                                bonus = bonus.chain(sum -> step.onCheckIn(tx, done).map(n -> sum + n));
                            }
                        }
                        return bonus.call(n -> n == 0 ? Uni.createFrom().voidItem()
                                : activities.setBonus(tx, c.id(), n));
                    }));
                });
    }

    /** Nothing was written: a retry of this nonce, a second scan of the same event, or a nonce used elsewhere. */
    private Uni<Outcome> existing(Activity a, long participantId, String nonce) {
        return activities.existing(pool, participantId, nonce, a.id()).chain(c -> {
            if (c == null) {
                // The event was cancelled between the read above and the write.
                throw new ApiProblem(422, "activity-cancelled", "Event cancelled", "This event was cancelled");
            }
            if (c.nonce().equals(nonce)) {
                if (c.activityId() != a.id()) {
                    throw ApiProblem.conflict("nonce-reused", "This nonce was used for a check-in to another event; "
                            + "send a new nonce for each scan");
                }
                return Uni.createFrom().item(new Outcome(ActivityViews.CheckInView.of(
                        ActivityViews.Result.CHECKED_IN, c, a, regions), true));
            }
            return Uni.createFrom().item(new Outcome(ActivityViews.CheckInView.of(
                    ActivityViews.Result.ALREADY_CHECKED_IN, c, a, regions), false));
        });
    }
}
