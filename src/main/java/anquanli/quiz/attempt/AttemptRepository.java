package anquanli.quiz.attempt;

import static anquanli.common.Rows.instant;
import static anquanli.common.Rows.utc;

import anquanli.quiz.campaign.Campaign;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static anquanli.common.SqlArrays.column;

/**
 * SQL of the answer loop. Hand-written on the reactive client: each step is one or two statements, with the
 * conditions that make concurrent requests safe written into the statements themselves.
 */
@ApplicationScoped
public class AttemptRepository {

    public enum Status { IN_PROGRESS, FINISHED, EXPIRED }

    public record AttemptRow(UUID id, long campaignId, long participantId, LocalDate localDay, int seq, Status status,
                             int questionCount, int answeredCount, int correctCount, int points, int lotteryChances,
                             String regionCode, Long unitId, Instant startedAt, Instant deadlineAt, Instant finishedAt,
                             Campaign.Rules rules) {

        static AttemptRow of(Row r) {
            return new AttemptRow(r.getUUID("id"), r.getLong("campaign_id"), r.getLong("participant_id"),
                    r.getLocalDate("local_day"), r.getShort("seq"), Status.valueOf(r.getString("status")),
                    r.getShort("question_count"), r.getShort("answered_count"), r.getShort("correct_count"),
                    r.getInteger("points"), r.getShort("lottery_chances"), r.getString("region_code"),
                    r.getLong("unit_id"), instant(r, "started_at"), instant(r, "deadline_at"),
                    instant(r, "finished_at"), Campaign.rulesOf(r.getString("rules")));
        }
    }

    public record SlotRow(int idx, String questionId, int questionVersion, List<Grading.ShownOption> options,
                          Instant presentedAt, Instant deadlineAt, List<String> selected, Boolean correct,
                          boolean timedOut, Instant answeredAt) {

        public boolean answered() {
            return answeredAt != null;
        }

        static SlotRow of(Row r) {
            return of(r, "");
        }

        /** Reads the slot columns, named with a prefix where they are joined to the attempt's. */
        static SlotRow of(Row r, String p) {
            if (r.getValue(p + "idx") == null) {
                return null;
            }
            List<Grading.ShownOption> options = new ArrayList<>();
            JsonArray arr = (JsonArray) r.getValue(p + "option_order");
            for (int i = 0; i < arr.size(); i++) {
                JsonObject o = arr.getJsonObject(i);
                options.add(new Grading.ShownOption(o.getString("id"), o.getString("key")));
            }
            List<String> selected = null;
            if (r.getValue(p + "selected") instanceof JsonArray s) {
                selected = new ArrayList<>();
                for (Object o : s) {
                    selected.add((String) o);
                }
            }
            return new SlotRow(r.getShort(p + "idx"), r.getString(p + "question_id"),
                    r.getInteger(p + "question_version"), options, instant(r, p + "presented_at"),
                    instant(r, p + "deadline_at"), selected, r.getBoolean(p + "correct"),
                    r.getBoolean(p + "timed_out"), instant(r, p + "answered_at"));
        }
    }

    /** An attempt with one of its questions, read together: the answer loop's one read per request. */
    public record WithSlot(AttemptRow attempt, SlotRow slot) {
    }

    /**
     * The attempt's columns as {@link AttemptRow} reads them, with alias {@code a}. The rules come as text, mapped once
     * per distinct rule set; decoding the JSON of every row (and the client address no statement here needs) showed
     * in the answer loop's profile.
     */
    private static final String ATTEMPT = "a.id, a.campaign_id, a.participant_id, a.local_day, a.seq, a.status, "
            + "a.question_count, a.answered_count, a.correct_count, a.points, a.lottery_chances, a.region_code, "
            + "a.unit_id, a.started_at, a.deadline_at, a.finished_at, a.rules::text as rules";

    private static final String SLOT_AS_Q = "q.idx as q_idx, q.question_id as q_question_id, "
            + "q.question_version as q_question_version, q.option_order as q_option_order, "
            + "q.presented_at as q_presented_at, q.deadline_at as q_deadline_at, q.selected as q_selected, "
            + "q.correct as q_correct, q.timed_out as q_timed_out, q.answered_at as q_answered_at";

    private static final String WITH_SLOT = "select " + ATTEMPT + ", " + SLOT_AS_Q
            + " from attempt a left join attempt_question q on q.attempt_id = a.id and q.idx = ";

    /** The attempt and its current question, the first one not answered (slot null once all are). */
    public Uni<WithSlot> findWithCurrentSlot(SqlClient db, UUID id) {
        return db.preparedQuery(WITH_SLOT + "a.answered_count where a.id = $1").execute(Tuple.of(id))
                .map(AttemptRepository::withSlot);
    }

    private static WithSlot withSlot(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        return new WithSlot(AttemptRow.of(r), SlotRow.of(r, "q_"));
    }

    public Uni<AttemptRow> find(SqlClient db, UUID id) {
        return db.preparedQuery("select " + ATTEMPT + " from attempt a where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : AttemptRow.of(rows.iterator().next()));
    }

    public Uni<SlotRow> slot(SqlClient db, UUID attemptId, int idx) {
        return db.preparedQuery("select * from attempt_question where attempt_id = $1 and idx = $2")
                .execute(Tuple.of(attemptId, (short) idx))
                .map(rows -> rows.rowCount() == 0 ? null : SlotRow.of(rows.iterator().next()));
    }

    public Uni<List<SlotRow>> slots(SqlClient db, UUID attemptId) {
        return db.preparedQuery("select * from attempt_question where attempt_id = $1 order by idx")
                .execute(Tuple.of(attemptId))
                .map(rows -> {
                    List<SlotRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(SlotRow.of(r)));
                    return list;
                });
    }

    /**
     * What starting an attempt needs, read in one statement: the campaign (locked FOR SHARE, so an admin edit cannot
     * interleave with the start), the participant's profile, how many attempts they began that day, and how often
     * they have been shown each question over all their attempts. Null when there is no such campaign; the profile
     * fields are null when the participant has none (or does not exist).
     * <p>
     * One statement instead of four, for fewer steps. It did not show in the CPU per answer: a same-hour comparison
     * with the four statements measured no difference (src/bench/reports/latest.md).
     */
    public record StartContext(Campaign campaign, String regionCode, Long unitId, String displayName,
                               String identityType, int attemptsToday, Map<String, Integer> seen) {
    }

    private static final String START_CONTEXT = "select c.*, p.region_code as p_region_code, p.unit_id as p_unit_id, "
            + "p.display_name as p_display_name, p.identity_type as p_identity_type, "
            + "(select count(*)::int from attempt t where t.campaign_id = c.id and t.participant_id = $2 "
            + "and t.local_day = $3) as p_today, s.question_ids as p_seen_ids, s.counts as p_seen_counts "
            + "from campaign c left join participant p on p.id = $2 "
            + "cross join lateral (select array_agg(x.question_id) as question_ids, array_agg(x.n) as counts "
            + "from (select aq.question_id, count(*)::int as n from attempt_question aq "
            + "join attempt a on a.id = aq.attempt_id where a.participant_id = $2 group by aq.question_id) x) s "
            + "where c.id = $1 for share of c";

    public Uni<StartContext> startContext(SqlClient tx, long campaignId, long participantId, LocalDate day) {
        return tx.preparedQuery(START_CONTEXT).execute(Tuple.of(campaignId, participantId, day)).map(rows -> {
            if (rows.rowCount() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            Map<String, Integer> seen = new HashMap<>();
            String[] ids = r.getArrayOfStrings("p_seen_ids");
            Integer[] counts = r.getArrayOfIntegers("p_seen_counts");
            for (int i = 0; ids != null && i < ids.length; i++) {
                seen.put(ids[i], counts[i]);
            }
            return new StartContext(Campaign.of(r), r.getString("p_region_code"), r.getLong("p_unit_id"),
                    r.getString("p_display_name"), r.getString("p_identity_type"), r.getInteger("p_today"), seen);
        });
    }

    /**
     * Inserts the attempt and its questions in one statement; false (and nothing written) when another request
     * already took this (participant, campaign, day, seq) slot. The questions' foreign key is checked at the end of
     * the statement, when the attempt row exists.
     */
    public Uni<Boolean> insert(SqlClient db, AttemptRow a, List<SlotRow> slots, String clientIp, String deviceId) {
        Short[] idxs = column(slots, s -> (short) s.idx(), Short[]::new);
        String[] questionIds = column(slots, SlotRow::questionId, String[]::new);
        Integer[] versions = column(slots, SlotRow::questionVersion, Integer[]::new);
        String[] options = column(slots, s -> {
            JsonArray order = new JsonArray();
            s.options().forEach(o -> order.add(new JsonObject().put("id", o.id()).put("key", o.key())));
            return order.encode();
        }, String[]::new);
        return db.preparedQuery("with a as (insert into attempt (id, campaign_id, participant_id, local_day, "
                        + "seq, status, question_count, region_code, unit_id, started_at, deadline_at, client_ip, "
                        + "device_id, rules) values ($1, $2, $3, $4, $5, 'IN_PROGRESS', $6, $7, $8, $9, $10, "
                        + "$11::text::inet, $12, $13) "
                        + "on conflict (campaign_id, participant_id, local_day, seq) do nothing returning id) "
                        + "insert into attempt_question (attempt_id, idx, question_id, question_version, option_order) "
                        + "select a.id, t.idx, t.question_id, t.version, t.options::jsonb from a, "
                        + "unnest($14::int2[], $15::text[], $16::int4[], $17::text[]) "
                        + "as t(idx, question_id, version, options)")
                .execute(Tuple.tuple(List.of(a.id(), a.campaignId(), a.participantId(), a.localDay(), (short) a.seq(),
                                (short) a.questionCount(), a.regionCode()))
                        .addValue(a.unitId()).addValue(utc(a.startedAt())).addValue(utc(a.deadlineAt()))
                        .addValue(clientIp).addValue(deviceId).addValue(Campaign.rulesJson(a.rules()))
                        .addValue(idxs).addValue(questionIds).addValue(versions).addValue(options))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Starts a question's clock the first time it is shown; later calls keep the first deadline. */
    public Uni<SlotRow> present(SqlClient db, UUID attemptId, int idx, Instant now, Instant deadline) {
        return db.preparedQuery("update attempt_question set presented_at = $3, deadline_at = $4 "
                        + "where attempt_id = $1 and idx = $2 and presented_at is null returning *")
                .execute(Tuple.of(attemptId, (short) idx, utc(now), utc(deadline)))
                .chain(rows -> rows.rowCount() == 1 ? Uni.createFrom().item(SlotRow.of(rows.iterator().next()))
                        : slot(db, attemptId, idx));
    }

    /** Which question of which attempt a request reads: one item of a batched read. */
    public record SlotKey(UUID attemptId, int idx) {
    }

    private static final String WITH_SLOTS = "select i.ord, " + ATTEMPT + ", " + SLOT_AS_Q
            + " from (select * from unnest($1::uuid[], $2::int2[]) with ordinality as i(id, idx, ord) limit $3) i "
            + "join attempt a on a.id = i.id "
            + "left join attempt_question q on q.attempt_id = a.id and q.idx = i.idx";

    /**
     * For each key, the attempt and that question (slot null when there is no such question), all in one statement;
     * results in the order of {@code keys}, null where there is no such attempt.
     */
    public Uni<List<WithSlot>> findWithSlots(SqlClient db, List<SlotKey> keys) {
        return db.preparedQuery(WITH_SLOTS).execute(Tuple.tuple()
                .addValue(column(keys, SlotKey::attemptId, UUID[]::new))
                .addValue(column(keys, k -> (short) k.idx(), Short[]::new))
                .addValue((long) keys.size())).map(rows -> {
            List<WithSlot> found = new ArrayList<>(Collections.nCopies(keys.size(), null));
            rows.forEach(r -> found.set(r.getLong("ord").intValue() - 1, new WithSlot(AttemptRow.of(r),
                    SlotRow.of(r, "q_"))));
            return found;
        });
    }

    /** One answer to record, with the deadline of the next question when the app asked to be shown it. */
    public record AnswerWrite(UUID attemptId, int idx, List<String> selected, boolean correct, boolean timedOut,
                              Instant at, Instant nextDeadline) {
    }

    // Three changes for every input row: the attempt advances only if it is open and at this question; its answer and
    // the next question's presentation are written only for attempts that advanced.
    // "limit $9" (the number of answers, so it drops nothing) is for the planner. Without it, the generic plan counts
    // the 10 rows PostgreSQL assumes for an unnest of parameters, costs three times what a plan for one or two answers
    // does, and is never chosen: every execution was planned again, 0.4 ms of planning for 0.19 ms of execution
    // (pg_stat_statements, 12,485 plans in 12,495 calls). A limit it cannot see is estimated at a tenth of the rows,
    // so the generic plan (the same index scans) wins after the five custom plans and is kept per connection.
    static final String RECORD_AND_ADVANCE_ALL = "with inp as (select * from unnest($1::uuid[], $2::int2[], "
            + "$3::text[], $4::bool[], $5::bool[], $6::timestamptz[], $7::timestamptz[]) "
            + "as t(id, idx, selected, correct, timed_out, at, next_deadline) limit $9), "
            + "adv as (update attempt a set answered_count = a.answered_count + 1, "
            + "correct_count = a.correct_count + case when i.correct then 1 else 0 end from inp i "
            + "where a.id = i.id and a.answered_count = i.idx and a.status = $8 returning " + ATTEMPT + "), "
            + "rec as (update attempt_question q set selected = i.selected::jsonb, correct = i.correct, "
            + "timed_out = i.timed_out, answered_at = i.at from inp i where q.attempt_id = i.id and q.idx = i.idx "
            + "and q.answered_at is null and i.id in (select id from adv)), "
            + "nxt as (update attempt_question q set presented_at = i.at, deadline_at = i.next_deadline from inp i "
            + "where q.attempt_id = i.id and q.idx = i.idx + 1 and q.presented_at is null "
            + "and i.next_deadline is not null and i.id in (select id from adv) returning q.*) "
            + "select adv.*, " + SLOT_AS_Q + " from adv left join nxt q on q.attempt_id = adv.id";

    /**
     * Records each answer and advances its attempt past the question, all in ONE statement (atomic, one round trip,
     * one commit however many answers it carries). Where an answer has a {@code nextDeadline} the same statement also
     * presents the following question (starts its clock), so an app that asks for it needs no second request per
     * question. The answers must be to different attempts.
     * <p>
     * Results in the order of {@code writes}: the updated attempt (with the presented next question, if any), or null
     * where that question was already answered (a racing request) or the attempt is no longer open: the row lock
     * taken on the attempt serialises the answers of one attempt, and the loser finds answered_count moved on.
     */
    public Uni<List<WithSlot>> recordAndAdvanceAll(SqlClient db, List<AnswerWrite> writes) {
        return db.preparedQuery(RECORD_AND_ADVANCE_ALL)
                .execute(Tuple.tuple().addValue(column(writes, AnswerWrite::attemptId, UUID[]::new))
                        .addValue(column(writes, w -> (short) w.idx(), Short[]::new))
                        .addValue(column(writes, w -> new JsonArray(w.selected()).encode(), String[]::new))
                        .addValue(column(writes, AnswerWrite::correct, Boolean[]::new))
                        .addValue(column(writes, AnswerWrite::timedOut, Boolean[]::new))
                        .addValue(column(writes, w -> utc(w.at()), OffsetDateTime[]::new))
                        .addValue(column(writes, w -> utc(w.nextDeadline()), OffsetDateTime[]::new))
                        .addValue(Status.IN_PROGRESS.name())
                        .addValue((long) writes.size()))
                .map(rows -> {
                    Map<UUID, WithSlot> byId = new HashMap<>();
                    rows.forEach(r -> byId.put(r.getUUID("id"), new WithSlot(AttemptRow.of(r), SlotRow.of(r, "q_"))));
                    List<WithSlot> results = new ArrayList<>(writes.size());
                    writes.forEach(w -> results.add(byId.get(w.attemptId())));
                    return results;
                });
    }

    public Uni<AttemptRow> findForUpdate(SqlClient db, UUID id) {
        return db.preparedQuery("select " + ATTEMPT + " from attempt a where id = $1 for update").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : AttemptRow.of(rows.iterator().next()));
    }

    /**
     * Closes an open attempt; returns the closed row, or null if it was closed already. {@code earned} lottery chances
     * are credited up to the day's {@code cap} less what the participant's other attempts that day already earned
     * (the cap spans attempts) and any check-in bonus of that day (lottery.CheckInBonus, found by its own partial
     * index, so the look-up costs an index probe): read and written by the one statement, which also keeps the median time the
     * participant took to answer (for the review of attempts answered faster than anyone reads).
     */
    public Uni<AttemptRow> close(SqlClient db, UUID id, Status status, int points, int earned, int cap, Instant at) {
        return db.preparedQuery("update attempt a set status = $2, points = $3, finished_at = $5, "
                        + "lottery_chances = greatest(0, least($4::int, $7::int - "
                        + "(select coalesce(sum(o.lottery_chances), 0) from attempt o where o.campaign_id = a.campaign_id and o.participant_id = a.participant_id "
                        + "and o.local_day = a.local_day and o.id <> a.id) "
                        + "- (select coalesce(sum(b.delta), 0) from lottery_chance b where b.campaign_id = a.campaign_id "
                        + "and b.participant_id = a.participant_id and b.check_in_id is not null "
                        + "and b.local_day = a.local_day))), "
                        + "median_answer_ms = (select round(percentile_cont(0.5) within group (order by "
                        + "extract(epoch from (q.answered_at - q.presented_at)) * 1000))::int from attempt_question q "
                        + "where q.attempt_id = a.id and q.answered_at is not null and not q.timed_out) "
                        + "where id = $1 and status = $6 returning " + ATTEMPT)
                .execute(Tuple.tuple(List.of(id, status.name(), points, earned, utc(at),
                        Status.IN_PROGRESS.name(), cap)))
                .map(rows -> rows.rowCount() == 0 ? null : AttemptRow.of(rows.iterator().next()));
    }

    /**
     * Locks the participant's row until the transaction ends (FOR NO KEY UPDATE: the foreign-key checks of new attempts
     * and ledger rows, which take KEY SHARE, are not held up).
     */
    public Uni<Void> lockParticipant(SqlClient tx, long participantId) {
        return tx.preparedQuery("select 1 from participant where id = $1 for no key update")
                .execute(Tuple.of(participantId)).replaceWithVoid();
    }

    /** Questions never answered in an abandoned attempt count as timed out (and wrong). */
    public Uni<Void> timeOutRemaining(SqlClient db, UUID id) {
        return db.preparedQuery("update attempt_question set timed_out = true, correct = false "
                + "where attempt_id = $1 and answered_at is null").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Open attempts past their deadline, oldest first: open means not finished (V10 keeps the two in step). */
    public Uni<List<UUID>> overdue(SqlClient db, Instant now, int limit) {
        return db.preparedQuery("select id from attempt where finished_at is null and deadline_at < $1 "
                        + "order by deadline_at limit $2")
                .execute(Tuple.of(utc(now), limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return ids;
                });
    }

    public Uni<List<AttemptRow>> ofParticipant(SqlClient db, long participantId, Long campaignId, int offset, int limit) {
        return db.preparedQuery("select " + ATTEMPT + " from attempt a where participant_id = $1 and ($2::bigint is null or campaign_id = $2) "
                        + "order by started_at desc, id limit $3 offset $4")
                .execute(Tuple.of(participantId, campaignId, limit, offset))
                .map(rows -> {
                    List<AttemptRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(AttemptRow.of(r)));
                    return list;
                });
    }

    public Uni<Long> countOfParticipant(SqlClient db, long participantId, Long campaignId) {
        return db.preparedQuery("select count(*) as n from attempt where participant_id = $1 "
                        + "and ($2::bigint is null or campaign_id = $2)")
                .execute(Tuple.of(participantId, campaignId))
                .map(rows -> rows.iterator().next().getLong("n"));
    }
}
