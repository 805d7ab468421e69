package anquanli.activity;

import anquanli.common.GeoPoint;
import anquanli.region.RegionNodes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static anquanli.common.Rows.first;
import static anquanli.common.Rows.instant;
import static anquanli.common.Rows.list;
import static anquanli.common.Rows.utc;
import static anquanli.common.SqlArrays.column;

/**
 * Events, their head counts and check-ins, and the daily roll-up the progress report reads. Every write that changes
 * a figure adds to the roll-up in the same transaction (or the same statement), so the report is exact the moment
 * it commits.
 */
@ApplicationScoped
public class ActivityRepository {

    /** Rows per (campaign, day, node, kind) the check-ins spread over; readers sum them. */
    static final int SHARDS = 8;

    private static final String COLUMNS = "a.id, a.campaign_id, a.name, a.kind, a.region_code, a.province_code, "
            + "a.city_code, a.county_code, a.town_code, a.address, a.lat, a.lng, a.starts_at, a.ends_at, a.local_day, "
            + "a.capacity, a.unit_id, a.organizer_name, a.geofence_m, a.head_count, a.status, a.cancel_reason, "
            + "a.created_by, a.created_at, a.updated_at";
    /** An event's check-ins, counted in one pass over its rows (joined laterally as n). */
    private static final String COUNTS = "n.check_ins, n.offline_check_ins, n.far_check_ins";
    private static final String COUNTED = " left join lateral (select count(*) as check_ins, "
            + "count(*) filter (where c.offline) as offline_check_ins, count(*) filter (where c.far) as far_check_ins "
            + "from check_in c where c.activity_id = a.id) n on true";
    private static final String CHECK_IN_COLUMNS = "c.id, c.activity_id, c.participant_id, c.nonce, c.checked_in_at, "
            + "c.scanned_at, c.local_day, c.offline, c.distance_m, c.far, c.bonus_chances";
    /** The check-in's columns beside the event's (which share names with them): prefixed c_. */
    private static final String CHECK_IN_COLUMNS_PREFIXED = CHECK_IN_COLUMNS.replaceAll("c\\.(\\w+)", "c.$1 as c_$1");

    // ------------------------------------------------------------------ events

    public Uni<Long> insert(SqlClient tx, Activity a) {
        return tx.preparedQuery("insert into activity (campaign_id, name, kind, region_code, province_code, city_code, "
                        + "county_code, town_code, address, lat, lng, starts_at, ends_at, local_day, capacity, unit_id, "
                        + "organizer_name, geofence_m, created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, "
                        + "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) returning id")
                .execute(Tuple.tuple(Arrays.asList(a.campaignId(), a.name(), a.kind().name(), a.regionCode(),
                        a.provinceCode(), a.cityCode(), a.countyCode(), a.townCode(), a.address(),
                        a.location() == null ? null : a.location().lat(),
                        a.location() == null ? null : a.location().lng(), utc(a.startsAt()), utc(a.endsAt()),
                        a.localDay(), a.capacity(), a.unitId(), a.organizerName(), a.geofenceMeters(), a.createdBy(),
                        utc(a.createdAt()))))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    public Uni<Activity> find(SqlClient db, long id) {
        return db.preparedQuery("select " + COLUMNS + " from activity a where a.id = $1").execute(Tuple.of(id))
                .map(rows -> first(rows, ActivityRepository::activity));
    }

    /**
     * The event, locked against other edits until the transaction ends. FOR NO KEY UPDATE: check-ins (whose foreign
     * key takes KEY SHARE on the row) go on meanwhile.
     */
    public Uni<Activity> lock(SqlClient tx, long id) {
        return tx.preparedQuery("select " + COLUMNS + " from activity a where a.id = $1 for no key update")
                .execute(Tuple.of(id)).map(rows -> first(rows, ActivityRepository::activity));
    }

    public Uni<Void> update(SqlClient tx, Activity a) {
        return tx.preparedQuery("update activity set name = $2, kind = $3, region_code = $4, province_code = $5, "
                        + "city_code = $6, county_code = $7, town_code = $8, address = $9, lat = $10, lng = $11, "
                        + "starts_at = $12, ends_at = $13, local_day = $14, capacity = $15, unit_id = $16, "
                        + "organizer_name = $17, geofence_m = $18, head_count = $19, status = $20, "
                        + "cancel_reason = $21, updated_at = $22 where id = $1")
                .execute(Tuple.tuple(Arrays.asList(a.id(), a.name(), a.kind().name(), a.regionCode(),
                        a.provinceCode(), a.cityCode(), a.countyCode(), a.townCode(), a.address(),
                        a.location() == null ? null : a.location().lat(),
                        a.location() == null ? null : a.location().lng(), utc(a.startsAt()), utc(a.endsAt()),
                        a.localDay(), a.capacity(), a.unitId(), a.organizerName(), a.geofenceMeters(), a.headCount(),
                        a.status().name(), a.cancelReason(), utc(a.updatedAt()))))
                .replaceWithVoid();
    }

    public Uni<Void> recordHeadCount(SqlClient tx, long activityId, int previous, int count, String note, String by,
                                     Instant at) {
        return tx.preparedQuery("insert into activity_head_count (activity_id, previous, count, note, recorded_by, "
                        + "recorded_at) values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.tuple(Arrays.asList(activityId, previous, count, note, by, utc(at))))
                .replaceWithVoid();
    }

    public Uni<List<Activity.HeadCountChange>> headCounts(SqlClient db, long activityId) {
        return db.preparedQuery("select id, previous, count, note, recorded_by, recorded_at from activity_head_count "
                        + "where activity_id = $1 order by id").execute(Tuple.of(activityId))
                .map(rows -> list(rows, r -> new Activity.HeadCountChange(r.getLong("id"), r.getInteger("previous"),
                        r.getInteger("count"), r.getString("note"), r.getString("recorded_by"),
                        instant(r, "recorded_at"))));
    }

    public Uni<Activity.Counts> counts(SqlClient db, long activityId) {
        return db.preparedQuery("select " + COUNTS + " from activity a" + COUNTED + " where a.id = $1")
                .execute(Tuple.of(activityId))
                .map(rows -> rows.rowCount() == 0 ? Activity.Counts.NONE : counts(rows.iterator().next()));
    }

    /** Filters of the organizers' list: a region (code prefix; empty for all), optionally a kind and days. */
    public record Filter(long campaignId, String regionPrefix, ActivityKind kind, LocalDate from, LocalDate to,
                         boolean includeCancelled) {
    }

    public record Listed(Activity activity, Activity.Counts counts) {
    }

    /** Latest start first; {@code afterStart}/{@code afterId} continue after the last row of the previous page. */
    public Uni<List<Listed>> search(SqlClient db, Filter f, Instant afterStart, Long afterId, int limit) {
        return db.preparedQuery("select " + COLUMNS + ", " + COUNTS + " from activity a" + COUNTED + " where a.campaign_id = $1 "
                        + "and a.region_code like $2 || '%' and ($3::text is null or a.kind = $3) "
                        + "and ($4::date is null or a.local_day >= $4) and ($5::date is null or a.local_day <= $5) "
                        + "and ($6 or a.status = 'ACTIVE') "
                        + "and ($7::timestamptz is null or (a.starts_at, a.id) < ($7, $8)) "
                        + "order by a.starts_at desc, a.id desc limit $9")
                .execute(Tuple.tuple(Arrays.asList(f.campaignId(), f.regionPrefix(),
                        f.kind() == null ? null : f.kind().name(), f.from(), f.to(), f.includeCancelled(),
                        utc(afterStart), afterId, limit)))
                .map(rows -> list(rows, r -> new Listed(activity(r), counts(r))));
    }

    public Uni<Boolean> unitExists(SqlClient db, long unitId) {
        return db.preparedQuery("select 1 from unit where id = $1").execute(Tuple.of(unitId))
                .map(rows -> rows.rowCount() > 0);
    }

    // ------------------------------------------------------------------ roll-up

    /**
     * Adds to the event's own figures (events held, head count) on its day, in every node it counts in: country first
     * and down the levels, the same order in every transaction, so writers sharing rows cannot deadlock. The event's
     * figures go to shard 0; check-ins spread over all of them.
     */
    public Uni<Void> addToRollup(SqlClient tx, Activity a, int events, int headCount) {
        if (events == 0 && headCount == 0) {
            return Uni.createFrom().voidItem();
        }
        List<RegionNodes.Node> nodes = a.nodes();
        return tx.preparedQuery("insert into activity_rollup as r (campaign_id, local_day, region_code, parent_code, "
                        + "kind, shard, events, head_count) "
                        + "select $1, $2, n.code, n.parent, $3, 0, $4, $5 "
                        + "from unnest($6::text[], $7::text[]) with ordinality as n(code, parent, ord) order by n.ord "
                        + "on conflict (campaign_id, region_code, parent_code, local_day, kind, shard) do update set "
                        + "events = r.events + excluded.events, head_count = r.head_count + excluded.head_count")
                .execute(Tuple.tuple(List.of(a.campaignId(), a.localDay(), a.kind().name(), (long) events,
                        (long) headCount, column(nodes, RegionNodes.Node::code, String[]::new),
                        column(nodes, RegionNodes.Node::parent, String[]::new))))
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------ check-ins

    /**
     * Writes a check-in and adds it to the roll-up in one statement; false when the participant had checked in to
     * the event already or used the nonce before (nothing written), or the event is no longer on. The unique keys
     * decide, whatever the concurrency: of 50 simultaneous check-ins of one participant to one event, one is written.
     */
    public Uni<Boolean> checkIn(SqlClient db, Activity a, Activity.CheckIn c) {
        List<RegionNodes.Node> nodes = a.nodes();
        return db.preparedQuery("with ins as (insert into check_in (id, activity_id, campaign_id, participant_id, "
                        + "nonce, checked_in_at, scanned_at, local_day, offline, distance_m, far) "
                        + "select $1, a.id, a.campaign_id, $3, $4, $5, $6, $7, $8, $9, $10 from activity a "
                        + "where a.id = $2 and a.status = 'ACTIVE' on conflict do nothing returning id), "
                        + "roll as (insert into activity_rollup as r (campaign_id, local_day, region_code, parent_code, "
                        + "kind, shard, check_ins, offline_check_ins) "
                        + "select $11, $7, n.code, n.parent, $12, $13, 1, $8::int from ins, "
                        + "unnest($14::text[], $15::text[]) with ordinality as n(code, parent, ord) order by n.ord "
                        + "on conflict (campaign_id, region_code, parent_code, local_day, kind, shard) do update set "
                        + "check_ins = r.check_ins + 1, offline_check_ins = r.offline_check_ins + excluded.offline_check_ins) "
                        + "select count(*) as written from ins")
                .execute(Tuple.tuple(Arrays.asList(c.id(), a.id(), c.participantId(), c.nonce(),
                        utc(c.checkedInAt()), utc(c.scannedAt()), c.localDay(), c.offline(), c.distanceMeters(),
                        c.far(), a.campaignId(), a.kind().name(), (short) (c.participantId() % SHARDS),
                        column(nodes, RegionNodes.Node::code, String[]::new),
                        column(nodes, RegionNodes.Node::parent, String[]::new))))
                .map(rows -> rows.iterator().next().getLong("written") == 1);
    }

    public Uni<Void> setBonus(SqlClient tx, UUID checkInId, int chances) {
        return tx.preparedQuery("update check_in set bonus_chances = $2 where id = $1")
                .execute(Tuple.of(checkInId, (short) chances)).replaceWithVoid();
    }

    /** The participant's check-in with this nonce, or else at this event; null when neither exists. */
    public Uni<Activity.CheckIn> existing(SqlClient db, long participantId, String nonce, long activityId) {
        return db.preparedQuery("select " + CHECK_IN_COLUMNS + " from check_in c where c.participant_id = $1 "
                        + "and (c.nonce = $2 or c.activity_id = $3) order by (c.nonce = $2) desc limit 1")
                .execute(Tuple.of(participantId, nonce, activityId))
                .map(rows -> first(rows, ActivityRepository::checkIn));
    }

    public Uni<Boolean> hasCheckIns(SqlClient db, long activityId) {
        return db.preparedQuery("select exists (select 1 from check_in where activity_id = $1) as any")
                .execute(Tuple.of(activityId)).map(rows -> rows.iterator().next().getBoolean("any"));
    }

    public record Mine(Activity.CheckIn checkIn, Activity activity) {
    }

    /** The participant's check-ins, latest first, with their events. */
    public Uni<List<Mine>> mine(SqlClient db, long participantId, Instant afterAt, UUID afterId, int limit) {
        return db.preparedQuery("select " + CHECK_IN_COLUMNS_PREFIXED + ", " + COLUMNS + " from check_in c "
                        + "join activity a on a.id = c.activity_id where c.participant_id = $1 "
                        + "and ($2::timestamptz is null or (c.checked_in_at, c.id) < ($2, $3)) "
                        + "order by c.checked_in_at desc, c.id desc limit $4")
                .execute(Tuple.tuple(Arrays.asList(participantId, utc(afterAt), afterId, limit)))
                .map(rows -> list(rows, r -> new Mine(checkIn(r, "c_"), activity(r))));
    }

    /** An event's check-ins for its organizer, in order of arrival (participants as ids only). */
    public Uni<List<Activity.CheckIn>> checkInsOf(SqlClient db, long activityId, Instant afterAt, UUID afterId,
                                                  int limit) {
        return db.preparedQuery("select " + CHECK_IN_COLUMNS + " from check_in c where c.activity_id = $1 "
                        + "and ($2::timestamptz is null or (c.checked_in_at, c.id) > ($2, $3)) "
                        + "order by c.checked_in_at, c.id limit $4")
                .execute(Tuple.tuple(Arrays.asList(activityId, utc(afterAt), afterId, limit)))
                .map(rows -> list(rows, ActivityRepository::checkIn));
    }

    // ------------------------------------------------------------------ mapping

    static Activity activity(Row r) {
        Double lat = r.getDouble("lat");
        return new Activity(r.getLong("id"), r.getLong("campaign_id"), r.getString("name"),
                ActivityKind.valueOf(r.getString("kind")), r.getString("region_code"), r.getString("province_code"),
                r.getString("city_code"), r.getString("county_code"), r.getString("town_code"),
                r.getString("address"), lat == null ? null : new GeoPoint(lat, r.getDouble("lng")),
                instant(r, "starts_at"), instant(r, "ends_at"), r.getLocalDate("local_day"),
                r.getInteger("capacity"), r.getLong("unit_id"), r.getString("organizer_name"),
                r.getInteger("geofence_m"), r.getInteger("head_count"),
                Activity.Status.valueOf(r.getString("status")), r.getString("cancel_reason"),
                r.getString("created_by"), instant(r, "created_at"), instant(r, "updated_at"));
    }

    private static Activity.Counts counts(Row r) {
        return new Activity.Counts(r.getLong("check_ins"), r.getLong("offline_check_ins"), r.getLong("far_check_ins"));
    }

    private static Activity.CheckIn checkIn(Row r) {
        return checkIn(r, "");
    }

    private static Activity.CheckIn checkIn(Row r, String p) {
        return new Activity.CheckIn(r.getUUID(p + "id"), r.getLong(p + "activity_id"), r.getLong(p + "participant_id"),
                r.getString(p + "nonce"), instant(r, p + "checked_in_at"), instant(r, p + "scanned_at"),
                r.getLocalDate(p + "local_day"), r.getBoolean(p + "offline"), r.getInteger(p + "distance_m"),
                r.getBoolean(p + "far"), r.getShort(p + "bonus_chances"));
    }
}
