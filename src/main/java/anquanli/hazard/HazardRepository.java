package anquanli.hazard;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.common.Rows.first;
import static anquanli.common.Rows.instant;
import static anquanli.common.Rows.list;
import static anquanli.common.Rows.utc;

/** Persistence of hazard reports, their timeline, photos, rewards and identity reveals: all the SQL of the feature. */
@ApplicationScoped
public class HazardRepository {

    private static final String COLUMNS = "r.id, r.tracking_code, r.secret_hash, r.category, r.description, "
            + "r.region_code, r.handling_region_code, r.address, r.lat, r.lng, r.location_source, r.unit_id, "
            + "r.unit_name, r.occurred_at, r.reporter_works_there, r.anonymous, r.gps_consent, r.reporter_cipher, "
            + "r.identified_at, r.status, r.submitted_at, r.accepted_at, r.due_at, r.extended_at, "
            + "r.extension_reason, r.closed_at, r.verified, r.fine_amount, r.duplicate_of, r.transferred_to_agency, "
            + "r.updated_at";
    private static final String OPEN = "('SUBMITTED', 'ACCEPTED', 'VERIFYING', 'RECTIFYING', 'TRANSFERRED')";

    /** What a new report stores; the ancestors are those of {@code regionCode}. */
    public record NewReport(UUID id, String trackingCode, byte[] secretHash, HazardCategory category,
                            String description, String regionCode, String provinceCode, String cityCode,
                            String countyCode, String townCode, String address, Double lat, Double lng,
                            String locationSource, Long unitId, String unitName, Instant occurredAt,
                            boolean reporterWorksThere, boolean anonymous, boolean gpsConsent, byte[] reporterHash,
                            byte[] reporterCipher, Instant submittedAt, LocalDate localDay) {
    }

    /** Inserts the report; false when its tracking code is already taken (the caller draws another). */
    public Uni<Boolean> insert(SqlClient db, NewReport r) {
        return db.preparedQuery("insert into hazard_report (id, tracking_code, secret_hash, category, description, "
                        + "region_code, province_code, city_code, county_code, town_code, handling_region_code, address, "
                        + "lat, lng, location_source, unit_id, unit_name, occurred_at, reporter_works_there, anonymous, "
                        + "gps_consent, reporter_hash, reporter_cipher, status, submitted_at, local_day, updated_at) "
                        + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $6, $11, $12, $13, $14, $15, $16, $17, $18, "
                        + "$19, $20, $21, $22, 'SUBMITTED', $23, $24, $23) on conflict (tracking_code) do nothing")
                .execute(Tuple.tuple(java.util.Arrays.asList(r.id(), r.trackingCode(), r.secretHash(),
                        r.category().name(), r.description(), r.regionCode(), r.provinceCode(), r.cityCode(),
                        r.countyCode(), r.townCode(), r.address(), r.lat(), r.lng(), r.locationSource(), r.unitId(),
                        r.unitName(), utc(r.occurredAt()), r.reporterWorksThere(), r.anonymous(), r.gpsConsent(),
                        r.reporterHash(), r.reporterCipher(), utc(r.submittedAt()), r.localDay())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<HazardReport> find(SqlClient db, UUID id) {
        return db.preparedQuery("select " + COLUMNS + " from hazard_report r where r.id = $1").execute(Tuple.of(id))
                .map(rows -> first(rows, HazardRepository::report));
    }

    /** The report, its row locked until the transaction ends: transitions of one report take turns. */
    public Uni<HazardReport> lock(SqlClient tx, UUID id) {
        return tx.preparedQuery("select " + COLUMNS + " from hazard_report r where r.id = $1 for update")
                .execute(Tuple.of(id)).map(rows -> first(rows, HazardRepository::report));
    }

    public Uni<HazardReport> findByCode(SqlClient db, String code) {
        return db.preparedQuery("select " + COLUMNS + " from hazard_report r where r.tracking_code = $1")
                .execute(Tuple.of(code)).map(rows -> first(rows, HazardRepository::report));
    }

    /** The reporter's own report, or null (also when it is someone else's). */
    public Uni<HazardReport> findOwn(SqlClient db, UUID id, byte[] reporterHash) {
        return db.preparedQuery("select " + COLUMNS + " from hazard_report r where r.id = $1 and r.reporter_hash = $2")
                .execute(Tuple.of(id, reporterHash)).map(rows -> first(rows, HazardRepository::report));
    }

    public Uni<List<HazardReport>> listOwn(SqlClient db, byte[] reporterHash, int offset, int limit) {
        return db.preparedQuery("select " + COLUMNS + " from hazard_report r where r.reporter_hash = $1 "
                        + "order by r.submitted_at desc, r.id desc limit $2 offset $3")
                .execute(Tuple.of(reporterHash, limit, offset)).map(rows -> list(rows, HazardRepository::report));
    }

    /** Filters of the officers' list, map and export. {@code regionPrefix} "" is the whole country. */
    public record Filter(String regionPrefix, HazardCategory category, List<HazardStatus> statuses, LocalDate from,
                         LocalDate to, boolean overdueOnly, Instant now) {
    }

    /** Newest first; {@code afterSubmitted}/{@code afterId} continue after the last row of the previous page. */
    public Uni<List<HazardReport>> search(SqlClient db, Filter f, Instant afterSubmitted, UUID afterId, int limit,
                                          boolean locatedOnly) {
        String[] statuses = f.statuses() == null || f.statuses().isEmpty() ? null
                : f.statuses().stream().map(Enum::name).toArray(String[]::new);
        return db.preparedQuery("select " + COLUMNS + " from hazard_report r "
                        + "where r.handling_region_code like $1 || '%' "
                        + "and ($2::text is null or r.category = $2) "
                        + "and ($3::text[] is null or r.status = any($3)) "
                        + "and ($4::date is null or r.local_day >= $4) and ($5::date is null or r.local_day <= $5) "
                        + "and (not $6 or (r.status in ('ACCEPTED', 'VERIFYING', 'RECTIFYING') and r.due_at < $7)) "
                        + "and ($8::timestamptz is null or (r.submitted_at, r.id) < ($8, $9)) "
                        + "and (not $11 or r.lat is not null) "
                        + "order by r.submitted_at desc, r.id desc limit $10")
                .execute(Tuple.tuple(java.util.Arrays.asList(f.regionPrefix(),
                        f.category() == null ? null : f.category().name(), statuses, f.from(), f.to(),
                        f.overdueOnly(), utc(f.now()), utc(afterSubmitted), afterId, limit, locatedOnly)))
                .map(rows -> list(rows, HazardRepository::report));
    }

    /**
     * Open reports other than {@code id} in the region (prefix) that may be the same matter: same category within the
     * box around the point (the caller keeps those within the radius), or on the same unit.
     */
    public Uni<List<HazardReport>> candidates(SqlClient db, HazardReport r, String regionPrefix, double dLat,
                                              double dLng) {
        return db.preparedQuery("select " + COLUMNS + " from hazard_report r where r.id <> $1 "
                        + "and r.status in " + OPEN + " and r.handling_region_code like $2 || '%' and ("
                        + "(r.category = $3 and $4::float8 is not null "
                        + "and r.lat between $4::float8 - $6::float8 and $4::float8 + $6::float8 "
                        + "and r.lng between $5::float8 - $7::float8 and $5::float8 + $7::float8) "
                        + "or ($8::bigint is not null and r.unit_id = $8) "
                        + "or ($9::text is not null and lower(r.unit_name) = lower($9))) "
                        + "order by r.submitted_at limit 50")
                .execute(Tuple.tuple(java.util.Arrays.asList(r.id(), regionPrefix, r.category().name(), r.lat(),
                        r.lng(), dLat, dLng, r.unitId(), r.unitName())))
                .map(rows -> list(rows, HazardRepository::report));
    }

    /** What a step of the lifecycle changes; the rest of a report never changes. */
    public record State(HazardStatus status, String handlingRegionCode, Instant acceptedAt, Instant dueAt,
                        Instant extendedAt, String extensionReason, Instant closedAt, Boolean verified,
                        BigDecimal fineAmount, UUID duplicateOf, String transferredToAgency) {

        static State of(HazardReport r) {
            return new State(r.status(), r.handlingRegionCode(), r.acceptedAt(), r.dueAt(), r.extendedAt(),
                    r.extensionReason(), r.closedAt(), r.verified(), r.fineAmount(), r.duplicateOf(),
                    r.transferredToAgency());
        }
    }

    /** Writes the report's state after a step of its lifecycle (the caller holds its lock). */
    public Uni<Void> update(SqlClient tx, UUID id, State s, Instant now) {
        return tx.preparedQuery("update hazard_report set status = $2, handling_region_code = $3, accepted_at = $4, "
                        + "due_at = $5, extended_at = $6, extension_reason = $7, closed_at = $8, verified = $9, "
                        + "fine_amount = $10, duplicate_of = $11, transferred_to_agency = $12, updated_at = $13 "
                        + "where id = $1")
                .execute(Tuple.tuple(java.util.Arrays.asList(id, s.status().name(), s.handlingRegionCode(),
                        utc(s.acceptedAt()), utc(s.dueAt()), utc(s.extendedAt()), s.extensionReason(),
                        utc(s.closedAt()), s.verified(), s.fineAmount(), s.duplicateOf(), s.transferredToAgency(),
                        utc(now))))
                .replaceWithVoid();
    }

    /**
     * Reports that repeated {@code id} now repeat what {@code id} turned out to repeat, so a matter stays one report
     * and its duplicates (the reward goes to the first reporter among all of them).
     */
    public Uni<Void> repointDuplicates(SqlClient tx, UUID id, UUID original, Instant now) {
        return tx.preparedQuery("update hazard_report set duplicate_of = $2, updated_at = $3 where duplicate_of = $1")
                .execute(Tuple.of(id, original, utc(now))).replaceWithVoid();
    }

    /**
     * An anonymous report's reporter has identified themself: their sealed identity, and the keyed hash that lists the
     * report among theirs.
     */
    public Uni<Void> identify(SqlClient tx, UUID id, byte[] reporterCipher, byte[] reporterHash, Instant now) {
        return tx.preparedQuery("update hazard_report set reporter_cipher = $2, reporter_hash = $3, identified_at = $4, "
                        + "updated_at = $4 where id = $1")
                .execute(Tuple.of(id, reporterCipher, reporterHash, utc(now))).replaceWithVoid();
    }

    /** The region of a unit, or null if there is no such unit. */
    public Uni<String> unitRegion(SqlClient db, long unitId) {
        return db.preparedQuery("select region_code from unit where id = $1").execute(Tuple.of(unitId))
                .map(rows -> first(rows, r -> r.getString("region_code")));
    }

    public Uni<Long> insertEvent(SqlClient tx, UUID reportId, String kind, HazardStatus from, HazardStatus to,
                                 String actor, String note, String publicNote, Map<String, Object> details,
                                 Instant at) {
        return tx.preparedQuery("insert into hazard_event (report_id, kind, from_status, to_status, actor, note, "
                        + "public_note, details, at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id")
                .execute(Tuple.tuple(java.util.Arrays.asList(reportId, kind, from == null ? null : from.name(),
                        to.name(), actor, note, publicNote, details == null ? null : new JsonObject(details),
                        utc(at))))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    public Uni<List<HazardReport.Event>> events(SqlClient db, UUID reportId) {
        return db.preparedQuery("select id, kind, from_status, to_status, actor, note, public_note, details::text "
                        + "as details, at from hazard_event where report_id = $1 order by id")
                .execute(Tuple.of(reportId)).map(rows -> list(rows, r -> new HazardReport.Event(r.getLong("id"),
                        r.getString("kind"), status(r.getString("from_status")), status(r.getString("to_status")),
                        r.getString("actor"), r.getString("note"), r.getString("public_note"),
                        r.getString("details"), instant(r, "at"))));
    }

    public Uni<Void> insertPhotos(SqlClient tx, UUID reportId, Long eventId, List<HazardReport.Photo> photos,
                                  Instant at) {
        if (photos.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (HazardReport.Photo p : photos) {
            batch.add(Tuple.tuple(java.util.Arrays.asList(p.id(), reportId, eventId, (short) p.position(),
                    p.blobKey(), p.thumbnailKey(), p.width(), p.height(), p.bytes(), utc(at))));
        }
        return tx.preparedQuery("insert into hazard_photo (id, report_id, event_id, position, blob_key, thumbnail_key, "
                + "width, height, bytes, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .executeBatch(batch).replaceWithVoid();
    }

    public Uni<List<HazardReport.Photo>> photos(SqlClient db, UUID reportId) {
        return db.preparedQuery("select id, event_id, position, blob_key, thumbnail_key, width, height, bytes "
                        + "from hazard_photo where report_id = $1 order by event_id nulls first, position")
                .execute(Tuple.of(reportId)).map(rows -> list(rows, HazardRepository::photo));
    }

    public Uni<HazardReport.Reward> reward(SqlClient db, UUID reportId) {
        return db.preparedQuery("select * from hazard_reward where report_id = $1").execute(Tuple.of(reportId))
                .map(rows -> first(rows, HazardRepository::reward));
    }

    /** The live reward (granted, claimed or paid) of a matter, if any. */
    public Uni<HazardReport.Reward> liveRewardOfMatter(SqlClient db, UUID matterId) {
        return db.preparedQuery("select * from hazard_reward where matter_id = $1 "
                        + "and status in ('GRANTED', 'CLAIMED', 'PAID')").execute(Tuple.of(matterId))
                .map(rows -> first(rows, HazardRepository::reward));
    }

    public Uni<Void> saveReward(SqlClient tx, HazardReport.Reward w, Instant now) {
        return tx.preparedQuery("insert into hazard_reward (report_id, matter_id, status, basis, fine_amount, amount, "
                        + "claim_deadline, claimed_at, paid_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                        + "$10) on conflict (report_id) do update set matter_id = excluded.matter_id, "
                        + "status = excluded.status, basis = excluded.basis, fine_amount = excluded.fine_amount, "
                        + "amount = excluded.amount, claim_deadline = excluded.claim_deadline, "
                        + "claimed_at = excluded.claimed_at, paid_at = excluded.paid_at, updated_at = excluded.updated_at")
                .execute(Tuple.tuple(java.util.Arrays.asList(w.reportId(), w.matterId(), w.status(), w.basis(),
                        w.fineAmount(), w.amount(), utc(w.claimDeadline()), utc(w.claimedAt()), utc(w.paidAt()),
                        utc(now))))
                .replaceWithVoid();
    }

    public Uni<Void> insertDecision(SqlClient tx, UUID reportId, HazardReport.RewardDecision d) {
        return tx.preparedQuery("insert into hazard_reward_decision (report_id, decision, basis, fine_amount, deaths, "
                        + "accident_grade, amount, reason, decided_by, decided_at) values ($1, $2, $3, $4, $5, $6, $7, $8, "
                        + "$9, $10)")
                .execute(Tuple.tuple(java.util.Arrays.asList(reportId, d.decision(), d.basis(), d.fineAmount(),
                        d.deaths(), d.accidentGrade(), d.amount(), d.reason(), d.decidedBy(), utc(d.decidedAt()))))
                .replaceWithVoid();
    }

    public Uni<List<HazardReport.RewardDecision>> decisions(SqlClient db, UUID reportId) {
        return db.preparedQuery("select * from hazard_reward_decision where report_id = $1 order by id")
                .execute(Tuple.of(reportId)).map(rows -> list(rows, r -> new HazardReport.RewardDecision(
                        r.getLong("id"), r.getString("decision"), r.getString("basis"), r.getBigDecimal("fine_amount"),
                        r.getInteger("deaths"), r.getString("accident_grade"), r.getBigDecimal("amount"),
                        r.getString("reason"), r.getString("decided_by"), instant(r, "decided_at"))));
    }

    /**
     * The reports of a matter: the one it was handled under and those marked as its duplicates, oldest first.
     */
    public Uni<List<HazardReport>> matter(SqlClient db, UUID matterId) {
        return db.preparedQuery("select " + COLUMNS + " from hazard_report r where r.id = $1 or r.duplicate_of = $1 "
                        + "order by r.submitted_at, r.id")
                .execute(Tuple.of(matterId)).map(rows -> list(rows, HazardRepository::report));
    }

    public Uni<Void> insertReveal(SqlClient tx, UUID reportId, String officer, String officerRegion, String reason,
                                  Instant at) {
        return tx.preparedQuery("insert into hazard_identity_reveal (report_id, officer, officer_region_code, reason, at) "
                        + "values ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(reportId, officer, officerRegion, reason, utc(at))).replaceWithVoid();
    }

    public record Reveal(long id, UUID reportId, String trackingCode, String officer, String officerRegionCode,
                         String reason, Instant at) {
    }

    public Uni<List<Reveal>> reveals(SqlClient db, Long beforeId, int limit) {
        return db.preparedQuery("select v.id, v.report_id, r.tracking_code, v.officer, v.officer_region_code, v.reason, "
                        + "v.at from hazard_identity_reveal v join hazard_report r on r.id = v.report_id "
                        + "where ($1::bigint is null or v.id < $1) order by v.id desc limit $2")
                .execute(Tuple.of(beforeId, limit)).map(rows -> list(rows, r -> new Reveal(r.getLong("id"),
                        r.getUUID("report_id"), r.getString("tracking_code"), r.getString("officer"),
                        r.getString("officer_region_code"), r.getString("reason"), instant(r, "at"))));
    }

    static HazardReport report(Row r) {
        return new HazardReport(r.getUUID("id"), r.getString("tracking_code"), bytes(r, "secret_hash"),
                HazardCategory.valueOf(r.getString("category")), r.getString("description"),
                r.getString("region_code"), r.getString("handling_region_code"), r.getString("address"),
                r.getDouble("lat"), r.getDouble("lng"), r.getString("location_source"), r.getLong("unit_id"),
                r.getString("unit_name"), instant(r, "occurred_at"), r.getBoolean("reporter_works_there"),
                r.getBoolean("anonymous"), r.getBoolean("gps_consent"), bytes(r, "reporter_cipher"),
                instant(r, "identified_at"), HazardStatus.valueOf(r.getString("status")), instant(r, "submitted_at"),
                instant(r, "accepted_at"), instant(r, "due_at"), instant(r, "extended_at"),
                r.getString("extension_reason"), instant(r, "closed_at"), r.getBoolean("verified"),
                r.getBigDecimal("fine_amount"), r.getUUID("duplicate_of"), r.getString("transferred_to_agency"),
                instant(r, "updated_at"));
    }

    private static HazardReport.Photo photo(Row r) {
        return new HazardReport.Photo(r.getUUID("id"), r.getLong("event_id"), r.getShort("position"),
                r.getString("blob_key"), r.getString("thumbnail_key"), r.getInteger("width"), r.getInteger("height"),
                r.getInteger("bytes"));
    }

    private static HazardReport.Reward reward(Row r) {
        return new HazardReport.Reward(r.getUUID("report_id"), r.getUUID("matter_id"), r.getString("status"),
                r.getString("basis"), r.getBigDecimal("fine_amount"), r.getBigDecimal("amount"),
                instant(r, "claim_deadline"), instant(r, "claimed_at"), instant(r, "paid_at"));
    }

    private static HazardStatus status(String s) {
        return s == null ? null : HazardStatus.valueOf(s);
    }

    private static byte[] bytes(Row r, String column) {
        return r.getValue(column) == null ? null : r.getBuffer(column).getBytes();
    }

    static BigDecimal scale(BigDecimal v) {
        return v == null ? null : v.setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
