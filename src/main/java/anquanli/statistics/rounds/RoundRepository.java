package anquanli.statistics.rounds;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static anquanli.common.Rows.first;
import static anquanli.common.Rows.instant;
import static anquanli.common.Rows.list;
import static anquanli.common.Rows.utc;

/** Templates, rounds, submissions with their history, and contacts. */
@ApplicationScoped
public class RoundRepository {

    // ------------------------------------------------------------------ templates

    public record StoredTemplate(long campaignId, int version, JsonObject body, String source, String updatedBy,
                                 Instant updatedAt) {
    }

    public Uni<StoredTemplate> template(SqlClient db, long campaignId) {
        return db.preparedQuery("select * from report_template where campaign_id = $1").execute(Tuple.of(campaignId))
                .map(rows -> first(rows, r -> new StoredTemplate(r.getLong("campaign_id"), r.getInteger("version"),
                        (JsonObject) r.getValue("body"), r.getString("source"), r.getString("updated_by"),
                        instant(r, "updated_at"))));
    }

    /** Stores the campaign's template as a new version; answers the version. */
    public Uni<Integer> saveTemplate(SqlClient db, long campaignId, JsonObject body, String source, String by,
                                     Instant at) {
        return db.preparedQuery("insert into report_template as t (campaign_id, version, body, source, updated_by, "
                        + "updated_at) values ($1, 1, $2, $3, $4, $5) on conflict (campaign_id) do update set "
                        + "version = t.version + 1, body = excluded.body, source = excluded.source, "
                        + "updated_by = excluded.updated_by, updated_at = excluded.updated_at returning version")
                .execute(Tuple.of(campaignId, body, source, by, utc(at)))
                .map(rows -> rows.iterator().next().getInteger("version"));
    }

    // ------------------------------------------------------------------ rounds

    public record RoundRow(long id, long campaignId, String title, String scopeCode, Instant deadline,
                           LocalDate periodFrom, LocalDate periodTo, JsonObject template, String createdBy,
                           Instant createdAt) {
    }

    public Uni<Long> insertRound(SqlClient db, RoundRow r) {
        return db.preparedQuery("insert into report_round (campaign_id, title, scope_code, deadline, period_from, "
                        + "period_to, template, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                        + "returning id")
                .execute(Tuple.tuple(List.of(r.campaignId(), r.title(), r.scopeCode(), utc(r.deadline()),
                        r.periodFrom(), r.periodTo(), r.template(), r.createdBy(), utc(r.createdAt()))))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    public Uni<RoundRow> round(SqlClient db, long id) {
        return db.preparedQuery("select * from report_round where id = $1").execute(Tuple.of(id))
                .map(rows -> first(rows, RoundRepository::round));
    }

    /** The campaign's rounds whose scope is one of {@code scopes}, latest deadline first. */
    public Uni<List<RoundRow>> rounds(SqlClient db, long campaignId, String[] scopes) {
        return db.preparedQuery("select * from report_round where campaign_id = $1 and scope_code = any($2) "
                        + "order by deadline desc, id desc").execute(Tuple.of(campaignId, scopes))
                .map(rows -> list(rows, RoundRepository::round));
    }

    // ------------------------------------------------------------------ submissions

    public record SubmissionRow(long roundId, String regionCode, String status, JsonObject entries,
                                Instant submittedAt, String submittedBy, Instant updatedAt, String updatedBy) {
    }

    private static final String SUBMISSION = "round_id, region_code, status, entries, submitted_at, submitted_by, "
            + "updated_at, updated_by";

    /** Creates the region's (empty, draft) submission if it has none, so that it can be locked. */
    public Uni<Void> ensureSubmission(SqlClient tx, long roundId, String regionCode, String by, Instant at) {
        return tx.preparedQuery("insert into report_submission (round_id, region_code, status, entries, updated_at, "
                        + "updated_by) values ($1, $2, 'DRAFT', '{}', $3, $4) on conflict do nothing")
                .execute(Tuple.of(roundId, regionCode, utc(at), by)).replaceWithVoid();
    }

    /** The submission, locked until the transaction ends (null if the region has none yet). */
    public Uni<SubmissionRow> lockSubmission(SqlClient tx, long roundId, String regionCode) {
        return tx.preparedQuery("select " + SUBMISSION + " from report_submission where round_id = $1 "
                        + "and region_code = $2 for update").execute(Tuple.of(roundId, regionCode))
                .map(rows -> first(rows, RoundRepository::submission));
    }

    /** The submissions of a region and every region below it. */
    public Uni<List<SubmissionRow>> submissionsWithin(SqlClient db, long roundId, String regionPrefix) {
        return db.preparedQuery("select " + SUBMISSION + " from report_submission where round_id = $1 "
                        + "and region_code like $2 || '%'").execute(Tuple.of(roundId, regionPrefix))
                .map(rows -> list(rows, RoundRepository::submission));
    }

    public Uni<Void> upsertSubmission(SqlClient tx, SubmissionRow s) {
        return tx.preparedQuery("insert into report_submission (" + SUBMISSION + ") values ($1, $2, $3, $4, $5, $6, "
                        + "$7, $8) on conflict (round_id, region_code) do update set status = excluded.status, "
                        + "entries = excluded.entries, submitted_at = excluded.submitted_at, "
                        + "submitted_by = excluded.submitted_by, updated_at = excluded.updated_at, "
                        + "updated_by = excluded.updated_by")
                .execute(Tuple.tuple(Arrays.asList(s.roundId(), s.regionCode(), s.status(), s.entries(),
                        utc(s.submittedAt()), s.submittedBy(), utc(s.updatedAt()), s.updatedBy())))
                .replaceWithVoid();
    }

    public record Change(long id, String action, JsonArray changes, String reason, String actor, Instant at) {
    }

    public Uni<Void> recordChange(SqlClient tx, long roundId, String regionCode, String action, JsonArray changes,
                                  String reason, String actor, Instant at) {
        return tx.preparedQuery("insert into report_submission_change (round_id, region_code, action, changes, reason, "
                        + "actor, at) values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple(Arrays.asList(roundId, regionCode, action, changes, reason, actor, utc(at))))
                .replaceWithVoid();
    }

    public Uni<List<Change>> history(SqlClient db, long roundId, String regionCode) {
        return db.preparedQuery("select id, action, changes, reason, actor, at from report_submission_change "
                        + "where round_id = $1 and region_code = $2 order by id").execute(Tuple.of(roundId, regionCode))
                .map(rows -> list(rows, r -> new Change(r.getLong("id"), r.getString("action"),
                        (JsonArray) r.getValue("changes"), r.getString("reason"), r.getString("actor"),
                        instant(r, "at"))));
    }

    // ------------------------------------------------------------------ contacts

    public record ContactRow(String regionCode, byte[] name, String post, byte[] officePhone, byte[] mobile,
                             String updatedBy, Instant updatedAt) {
    }

    public Uni<Void> saveContact(SqlClient db, ContactRow c) {
        return db.preparedQuery("insert into report_contact (region_code, name_cipher, post, office_phone_cipher, "
                        + "mobile_cipher, updated_by, updated_at) values ($1, $2, $3, $4, $5, $6, $7) "
                        + "on conflict (region_code) do update set name_cipher = excluded.name_cipher, "
                        + "post = excluded.post, office_phone_cipher = excluded.office_phone_cipher, "
                        + "mobile_cipher = excluded.mobile_cipher, updated_by = excluded.updated_by, "
                        + "updated_at = excluded.updated_at")
                .execute(Tuple.tuple(Arrays.asList(c.regionCode(), c.name(), c.post(), c.officePhone(),
                        c.mobile(), c.updatedBy(), utc(c.updatedAt()))))
                .replaceWithVoid();
    }

    /** The contacts of the regions among {@code codes}. */
    public Uni<List<ContactRow>> contacts(SqlClient db, String[] codes) {
        return db.preparedQuery("select * from report_contact where region_code = any($1)").execute(Tuple.of(codes))
                .map(rows -> list(rows, r -> new ContactRow(r.getString("region_code"), bytes(r, "name_cipher"),
                        r.getString("post"), bytes(r, "office_phone_cipher"), bytes(r, "mobile_cipher"),
                        r.getString("updated_by"), instant(r, "updated_at"))));
    }

    // ------------------------------------------------------------------ mapping

    private static RoundRow round(Row r) {
        return new RoundRow(r.getLong("id"), r.getLong("campaign_id"), r.getString("title"),
                r.getString("scope_code"), instant(r, "deadline"), r.getLocalDate("period_from"),
                r.getLocalDate("period_to"), (JsonObject) r.getValue("template"), r.getString("created_by"),
                instant(r, "created_at"));
    }

    private static SubmissionRow submission(Row r) {
        return new SubmissionRow(r.getLong("round_id"), r.getString("region_code"), r.getString("status"),
                (JsonObject) r.getValue("entries"), instant(r, "submitted_at"), r.getString("submitted_by"),
                instant(r, "updated_at"), r.getString("updated_by"));
    }

    private static byte[] bytes(Row r, String column) {
        return r.getValue(column) == null ? null : r.getBuffer(column).getBytes();
    }
}
