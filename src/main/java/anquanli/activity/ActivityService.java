package anquanli.activity;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.CoordinateSystem;
import anquanli.common.Coordinates;
import anquanli.common.GeoPoint;
import anquanli.common.Paging;
import anquanli.quiz.campaign.CampaignRepository;
import anquanli.region.Region;
import anquanli.region.RegionLevel;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The organizers' side: events (create, edit, cancel), their walk-in head counts, lists with live counts and
 * exports. Each change that moves a figure of the progress report writes the roll-up in the same transaction.
 * <p>
 * An event counts as held (场次) on its day once it is registered and not cancelled; one that people attended (a
 * check-in or a head count) was held and cannot be cancelled, nor moved to another region or kind: its check-ins
 * are counted there already.
 */
@ApplicationScoped
public class ActivityService {

    private static final Logger LOG = Logger.getLogger(ActivityService.class);
    static final int EXPORT_LIMIT = 20_000;

    private final Pool pool;
    private final ActivityRepository activities;
    private final CampaignRepository campaigns;
    private final PosterCodes codes;
    private final RegionTree regions;
    private final AdminScope scope;
    private final ActivityConfig config;
    private final AppClock clock;

    public ActivityService(Pool pool, ActivityRepository activities, CampaignRepository campaigns,
                           PosterCodes codes, RegionTree regions,
                           AdminScope scope, ActivityConfig config, AppClock clock) {
        this.pool = pool;
        this.activities = activities;
        this.campaigns = campaigns;
        this.codes = codes;
        this.regions = regions;
        this.scope = scope;
        this.config = config;
        this.clock = clock;
    }

    /** An event as an organizer enters it; the location is in {@code coordinateSystem}. */
    public record Form(Long campaignId, String name, ActivityKind kind, String regionCode, String address, Double lat,
                       Double lng, CoordinateSystem coordinateSystem, Instant startsAt, Instant endsAt,
                       Integer capacity, Long unitId, String organizerName, Integer geofenceMeters) {
    }

    public Uni<ActivityViews.Detail> create(AdminScope.Admin admin, Form f) {
        Instant now = clock.now();
        Activity a = fromForm(admin, f, f.campaignId(), 0L, 0, admin.username(), now, now);
        return checkCampaign(f.campaignId()).chain(() -> checkUnit(f.unitId()))
                .chain(() -> pool.withTransaction(tx -> activities.insert(tx, a)
                        .call(id -> activities.addToRollup(tx, a, 1, 0))))
                .invoke(id -> LOG.infof("Activity %d created by %s: %s in %s on %s", id, admin.username(), a.kind(),
                        a.regionCode(), a.localDay()))
                .chain(id -> detail(id, CoordinateSystem.WGS84));
    }

    public Uni<ActivityViews.Detail> read(AdminScope.Admin admin, long id, CoordinateSystem system) {
        return readable(admin, id, AdminAction.READ_ACTIVITIES).chain(a -> detail(id, system));
    }

    /** The event, if it exists and lies within where the admin may do {@code action}. */
    public Uni<Activity> readable(AdminScope.Admin admin, long id, AdminAction action) {
        return activities.find(pool, id).map(a -> permitted(admin, a, id, action));
    }

    /** Replaces what an organizer entered; the campaign stays. */
    public Uni<ActivityViews.Detail> update(AdminScope.Admin admin, long id, Form f) {
        Instant now = clock.now();
        return checkUnit(f.unitId()).chain(() -> pool.withTransaction(tx -> activities.lock(tx, id).chain(old -> {
            permitted(admin, old, id, AdminAction.MANAGE_ACTIVITIES);
            requireActive(old);
            if (f.campaignId() != null && f.campaignId() != old.campaignId()) {
                throw ApiProblem.badRequest("campaign-fixed", "An event stays in the campaign it was created in");
            }
            Activity changed = fromForm(admin, f, old.campaignId(), old.id(), old.headCount(), old.createdBy(),
                    old.createdAt(), now);
            boolean moved = !changed.regionCode().equals(old.regionCode()) || changed.kind() != old.kind();
            boolean rolledElsewhere = moved || !changed.localDay().equals(old.localDay());
            return (moved ? attended(tx, old) : Uni.createFrom().item(false)).chain(attended -> {
                if (attended) {
                    throw ApiProblem.conflict("activity-attended", "People have checked in or been counted at this "
                            + "event, so its region and kind are fixed (they count there already)");
                }
                return activities.update(tx, changed)
                        .chain(() -> rolledElsewhere ? activities.addToRollup(tx, old, -1, -old.headCount())
                                .chain(() -> activities.addToRollup(tx, changed, 1, changed.headCount()))
                                : Uni.createFrom().voidItem());
            });
        }))).chain(() -> detail(id, CoordinateSystem.WGS84));
    }

    /** Cancels an event nobody attended: it no longer counts as held, and its poster checks nobody in. */
    public Uni<ActivityViews.Detail> cancel(AdminScope.Admin admin, long id, String reason) {
        Instant now = clock.now();
        return pool.withTransaction(tx -> activities.lock(tx, id).chain(a -> {
            permitted(admin, a, id, AdminAction.MANAGE_ACTIVITIES);
            requireActive(a);
            return attended(tx, a).chain(attended -> {
                if (attended) {
                    throw ApiProblem.conflict("activity-attended", "People have checked in or been counted at this "
                            + "event: it was held, and cannot be cancelled");
                }
                Activity cancelled = with(a, a.headCount(), Activity.Status.CANCELLED, reason.strip(), now);
                return activities.update(tx, cancelled).chain(() -> activities.addToRollup(tx, a, -1, 0));
            });
        })).invoke(() -> LOG.infof("Activity %d cancelled by %s", id, admin.username()))
                .chain(() -> detail(id, CoordinateSystem.WGS84));
    }

    /** Sets the walk-in head count from the paper sign-in sheets; every change is kept with who made it and why. */
    public Uni<ActivityViews.Detail> setHeadCount(AdminScope.Admin admin, long id, int count, String note) {
        Instant now = clock.now();
        return pool.withTransaction(tx -> activities.lock(tx, id).chain(a -> {
            permitted(admin, a, id, AdminAction.MANAGE_ACTIVITIES);
            requireActive(a);
            if (now.isBefore(a.startsAt().minus(config.earlyCheckIn()))) {
                throw ApiProblem.conflict("activity-not-started", "Head counts are recorded once the event has "
                        + "started (" + a.startsAt() + ")");
            }
            if (count == a.headCount()) {
                return Uni.createFrom().voidItem();
            }
            return activities.recordHeadCount(tx, id, a.headCount(), count, blank(note), admin.username(), now)
                    .chain(() -> activities.update(tx, with(a, count, a.status(), a.cancelReason(), now)))
                    .chain(() -> activities.addToRollup(tx, a, 0, count - a.headCount()));
        })).chain(() -> detail(id, CoordinateSystem.WGS84));
    }

    public record ListQuery(long campaignId, String region, ActivityKind kind, LocalDate from, LocalDate to,
                            boolean includeCancelled) {
    }

    public Uni<ActivityViews.Page> list(AdminScope.Admin admin, ListQuery q, String cursor, int limit,
                                        CoordinateSystem system) {
        ActivityRepository.Filter f = filter(admin, q);
        Paging.Cursor after = Paging.parseCursor(cursor, Paging.Cursor::number);
        return activities.search(pool, f, after == null ? null : after.at(), after == null ? null : after.number(),
                limit).map(rows -> {
                    String next = rows.size() < limit ? null
                            : Paging.cursor(rows.get(rows.size() - 1).activity().startsAt(),
                            rows.get(rows.size() - 1).activity().id());
                    return new ActivityViews.Page(rows.stream().map(l -> ActivityViews.ActivityView.of(l.activity(),
                            l.counts(), regions, system)).toList(), next);
                });
    }

    /** Every event of the list (up to {@value #EXPORT_LIMIT}), in WGS-84, for an export. */
    public Uni<List<ActivityViews.ActivityView>> all(AdminScope.Admin admin, ListQuery q) {
        return activities.search(pool, filter(admin, q), null, null, EXPORT_LIMIT).map(rows -> rows.stream()
                .map(l -> ActivityViews.ActivityView.of(l.activity(), l.counts(), regions, CoordinateSystem.WGS84))
                .toList());
    }

    public Uni<ActivityViews.EventCheckInPage> checkIns(AdminScope.Admin admin, long id, String cursor, int limit) {
        Paging.Cursor after = Paging.parseCursor(cursor, Paging.Cursor::uuid);
        return readable(admin, id, AdminAction.READ_ACTIVITIES)
                .chain(a -> activities.checkInsOf(pool, id, after == null ? null : after.at(),
                        after == null ? null : after.uuid(), limit))
                .map(rows -> new ActivityViews.EventCheckInPage(rows.stream().map(c -> new ActivityViews.EventCheckIn(
                        c.id(), c.checkedInAt(), c.scannedAt(), c.offline(), c.distanceMeters(), c.far())).toList(),
                        rows.size() < limit ? null : Paging.cursor(rows.get(rows.size() - 1).checkedInAt(),
                                rows.get(rows.size() - 1).id())));
    }

    /** The event for its poster: readable by the admin, and still on. */
    public Uni<Activity> forPoster(AdminScope.Admin admin, long id) {
        return readable(admin, id, AdminAction.READ_ACTIVITIES).invoke(ActivityService::requireActive);
    }

    ActivityViews.CheckInCode checkInCode(Activity a) {
        String code = codes.code(a.id(), a.startsAt(), a.endsAt());
        return new ActivityViews.CheckInCode(code, config.checkInUrl() + code, anquanli.common.CodeSigner.keyIdOf(code));
    }

    private Uni<ActivityViews.Detail> detail(long id, CoordinateSystem system) {
        return activities.find(pool, id).chain(a -> activities.counts(pool, id)
                .chain(counts -> activities.headCounts(pool, id).map(history -> new ActivityViews.Detail(
                        ActivityViews.ActivityView.of(a, counts, regions, system),
                        a.status() == Activity.Status.ACTIVE ? checkInCode(a) : null,
                        history.stream().map(ActivityViews.HeadCountChange::of).toList()))));
    }

    private ActivityRepository.Filter filter(AdminScope.Admin admin, ListQuery q) {
        Region region = scope.scope(admin, AdminAction.READ_ACTIVITIES, q.region());
        if (q.from() != null && q.to() != null && q.from().isAfter(q.to())) {
            throw ApiProblem.badRequest("range-invalid", "from must not be after to");
        }
        return new ActivityRepository.Filter(q.campaignId(), region == null ? "" : region.code(), q.kind(), q.from(),
                q.to(), q.includeCancelled());
    }

    private Activity permitted(AdminScope.Admin admin, Activity a, long id, AdminAction action) {
        if (a == null) {
            throw ApiProblem.notFound("activity", id);
        }
        scope.require(admin, action, regions.require(a.regionCode()));
        return a;
    }

    private static void requireActive(Activity a) {
        if (a.status() != Activity.Status.ACTIVE) {
            throw ApiProblem.conflict("activity-cancelled", "This event was cancelled");
        }
    }

    private Uni<Boolean> attended(SqlClient tx, Activity a) {
        return a.headCount() > 0 ? Uni.createFrom().item(true) : activities.hasCheckIns(tx, a.id());
    }

    private Activity fromForm(AdminScope.Admin admin, Form f, long campaignId, long id, int headCount,
                              String createdBy, Instant createdAt, Instant now) {
        Region region = regions.find(f.regionCode());
        if (region == null) {
            throw ApiProblem.badRequest("region-unknown", "regionCode " + f.regionCode() + " is not a known division code");
        }
        if (!region.isLocal()) {
            throw ApiProblem.badRequest("region-level",
                    "An event is held in a county (区县) or a town/street (乡镇街道), not a " + region.level());
        }
        scope.require(admin, AdminAction.MANAGE_ACTIVITIES, region);
        if (!f.endsAt().isAfter(f.startsAt())) {
            throw ApiProblem.badRequest("window-invalid", "endsAt must be after startsAt");
        }
        if (Duration.between(f.startsAt(), f.endsAt()).compareTo(config.maxDuration()) > 0) {
            throw ApiProblem.badRequest("window-invalid", "An event lasts at most " + config.maxDuration().toDays()
                    + " days; register a longer programme as several events");
        }
        if (f.kind() != ActivityKind.ONLINE && blank(f.address()) == null) {
            throw ApiProblem.badRequest("address-required", "An event held in a place needs its address");
        }
        GeoPoint point = Coordinates.fromClient(f.lat(), f.lng(), f.coordinateSystem());
        if (f.geofenceMeters() != null && point == null) {
            throw ApiProblem.badRequest("geofence-needs-location", "A geofence needs the event's location");
        }
        return new Activity(id, campaignId, f.name().strip(), f.kind(), region.code(),
                region.codeAt(RegionLevel.PROVINCE), region.codeAt(RegionLevel.CITY),
                region.codeAt(RegionLevel.COUNTY), region.codeAt(RegionLevel.TOWN), blank(f.address()), point,
                f.startsAt(), f.endsAt(), clock.dayOf(f.startsAt()), f.capacity(), f.unitId(),
                blank(f.organizerName()), f.geofenceMeters(), headCount, Activity.Status.ACTIVE, null, createdBy,
                createdAt, now);
    }

    private static Activity with(Activity a, int headCount, Activity.Status status, String cancelReason,
                                 Instant now) {
        return new Activity(a.id(), a.campaignId(), a.name(), a.kind(), a.regionCode(), a.provinceCode(),
                a.cityCode(), a.countyCode(), a.townCode(), a.address(), a.location(), a.startsAt(), a.endsAt(),
                a.localDay(), a.capacity(), a.unitId(), a.organizerName(), a.geofenceMeters(), headCount, status,
                cancelReason, a.createdBy(), a.createdAt(), now);
    }

    private Uni<Void> checkCampaign(Long campaignId) {
        return campaigns.load(pool, campaignId).invoke(c -> refuseUnknown(c != null, "campaign-unknown",
                "campaignId names no campaign", campaignId)).replaceWithVoid();
    }

    private Uni<Void> checkUnit(Long unitId) {
        return unitId == null ? Uni.createFrom().voidItem()
                : activities.unitExists(pool, unitId).invoke(found -> refuseUnknown(found, "unit-unknown",
                "unitId names no registered unit", unitId)).replaceWithVoid();
    }

    private static void refuseUnknown(boolean found, String code, String detail, long id) {
        if (!found) {
            throw new ApiProblem(422, code, "Unknown reference", detail, Map.of("id", id));
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
