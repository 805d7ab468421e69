package anquanli.leaderboard;

import anquanli.quiz.CompetitionRollup;
import anquanli.quiz.PointsLedger;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.LuaScript;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recomputes every board of a campaign from the points ledger, the truth — its ATTEMPT rows only: boards rank
 * answering, and lottery prize points (reason LOTTERY) are the winner's own, never a region's or a unit's. Aggregates
 * run in PostgreSQL and stream into pipelined Redis writes; each value carries the moment it was reached, computed
 * exactly as the live updates do (last non-zero credit for points, last attempt for attempts, the arrival of the last
 * new participant for participants), so rebuilt boards equal the live ones, ties included.
 * <p>
 * Exact under live traffic: while the rebuilding marker is set, the relay applies nothing (the update script checks
 * it atomically), and the rebuild reads the ledger in one snapshot whose outbox entries it deletes in that same
 * snapshot's transaction. Entries committed after the snapshot stay in the outbox and are applied once the marker
 * goes. One instance rebuilds a campaign at a time (a lock in Redis); answers are served throughout, and board reads
 * answer 503 leaderboard-rebuilding until it is done.
 */
@ApplicationScoped
public class LeaderboardRebuilder {

    private static final Logger LOG = Logger.getLogger(LeaderboardRebuilder.class);
    /** Rows per cursor fetch. */
    private static final int BATCH = 500;
    /**
     * Rows per Redis pipeline: a row is up to eight commands (four boards and their expiries), and one connection
     * takes at most quarkus.redis.max-waiting-handlers (2,048) commands in flight.
     */
    private static final int PIPELINE_ROWS = 200;
    private static final int PARALLEL_STEPS = 3;
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final java.util.regex.Pattern SNAPSHOT_ID = java.util.regex.Pattern.compile("[0-9A-Fa-f-]+");

    /** Ledger columns for region levels, and the parent of each level ('CN' for provinces). */
    private static final String[][] REGION_LEVELS = {
            {"'CN'", "province_code"}, {"province_code", "city_code"}, {"city_code", "county_code"},
            {"county_code", "town_code"}};
    /** Scopes a participant is ranked in: national and each level of the attempt's region. */
    private static final String[] PARTICIPANT_SCOPES = {"'CN'", "province_code", "city_code", "county_code", "town_code"};
    /** Scopes a unit is ranked in, from the unit's own division code (codes nest by prefix). */
    private static final String[] UNIT_SCOPES = {"'CN'", "left(u.region_code, 2)", "left(u.region_code, 4)",
            "left(u.region_code, 6)", "case when length(u.region_code) = 9 then u.region_code end"};
    private static final String[] PERIODS = {"'t'", "to_char(l.local_day, 'YYYYMMDD')"};

    private final Pool pool;
    private final Redis redis;
    private final CampaignRepository campaigns;
    private final Bases bases;
    private final LeaderboardWriter writer;
    private final AppClock clock;
    private final Duration dailyRetention;
    private final LuaScript releaseLock = new LuaScript(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1], KEYS[2]) end return 0");
    private final LuaScript renewLock = new LuaScript("if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2]) "
            + "return 1 end return 0");

    public LeaderboardRebuilder(Pool pool, Redis redis, CampaignRepository campaigns, Bases bases,
                                LeaderboardWriter writer, AppClock clock,
                                @ConfigProperty(name = "anquanli.leaderboard.daily-retention") Duration dailyRetention) {
        this.pool = pool;
        this.redis = redis;
        this.campaigns = campaigns;
        this.bases = bases;
        this.writer = writer;
        this.clock = clock;
        this.dailyRetention = dailyRetention;
    }

    /** entries: board entries written. */
    public record Report(long campaignId, long entries, long millis) {
    }

    /** The fingerprint of this database's campaign: a Redis kept from another database does not share it. */
    Uni<String> fingerprint(long campaignId) {
        return pool.preparedQuery("select created_at from campaign where id = $1").execute(Tuple.of(campaignId))
                .map(rows -> campaignId + "@" + rows.iterator().next().getOffsetDateTime("created_at").toInstant());
    }

    /**
     * Rebuilds the campaign's boards, unless another instance is doing so (then fails with 409 rebuild-in-progress).
     */
    public Uni<Report> rebuild(long campaignId) {
        String token = UUID.randomUUID().toString();
        return redis.send(Request.cmd(Command.SET).arg(BoardKeys.rebuildLock(campaignId)).arg(token).arg("NX")
                        .arg("PX").arg(LEASE.toMillis()))
                .chain(locked -> {
                    if (locked == null) {
                        return Uni.createFrom().failure(ApiProblem.conflict("rebuild-in-progress",
                                "The boards of this campaign are being rebuilt by another instance"));
                    }
                    return redis.send(Request.cmd(Command.SET).arg(BoardKeys.rebuilding(campaignId)).arg(token)
                                    .arg("PX").arg(LEASE.toMillis()))
                            .chain(() -> underLock(campaignId, token))
                            .onTermination().call(() -> releaseLock.run(redis,
                                    List.of(BoardKeys.rebuildLock(campaignId), BoardKeys.rebuilding(campaignId)),
                                    List.of(token)).onFailure().recoverWithNull());
                });
    }

    private Uni<Report> underLock(long campaignId, String token) {
        long start = System.currentTimeMillis();
        AtomicLong entries = new AtomicLong();
        // The lease is renewed while the rebuild runs; an instance that dies mid-way lets it lapse, and the next check
        // finds the boards unbuilt and starts again.
        long renewEvery = LEASE.toMillis() / 3;
        io.smallrye.mutiny.subscription.Cancellable renewal = Multi.createFrom().ticks().every(Duration.ofMillis(renewEvery))
                .onItem().transformToUniAndConcatenate(tick -> renewLock.run(redis,
                        List.of(BoardKeys.rebuildLock(campaignId), BoardKeys.rebuilding(campaignId)),
                        List.of(token, Long.toString(LEASE.toMillis()))).onFailure().recoverWithNull())
                .subscribe().with(x -> { }, e -> { });
        LocalDate firstDay = clock.today().minusDays(dailyRetention.toDays() + 1);
        return campaigns.load(pool, campaignId).chain(campaign -> pool.getConnection()
                .chain(conn -> snapshot(conn, campaignId, 0)
                        .chain(snap -> {
                            List<Step> steps = new ArrayList<>();
                            for (String period : PERIODS) {
                                for (String[] level : REGION_LEVELS) {
                                    steps.add(counters(campaign, "r", level[0], level[1], "from points_ledger l",
                                            period, entries, Bases.Kind.REGION));
                                }
                                for (String scope : UNIT_SCOPES) {
                                    steps.add(counters(campaign, "u", scope, "l.unit_id::text",
                                            "from points_ledger l join unit u on u.id = l.unit_id", period, entries,
                                            Bases.Kind.UNIT));
                                }
                                for (String scope : PARTICIPANT_SCOPES) {
                                    steps.add(participants(campaign, scope, period, entries));
                                }
                            }
                            steps.add(names(campaignId));
                            // The steps write disjoint keys, so they run side by side once the old keys are gone, each
                            // one scan of the ledger on its own connection in the same snapshot: PostgreSQL
                            // aggregates some while the service streams others into Redis. At 1,000,000 participants
                            // with 3 days of history (7.56 M entries) on 2 cores: one at a time 137.5 s, two 84.7 and
                            // 90.4 s, three 73.6 s.
                            return deleteBoards(campaignId)
                                    .chain(() -> Multi.createFrom().iterable(steps)
                                            .onItem().transformToUni(step -> inSnapshot(snap.id(), firstDay, step))
                                            .merge(PARALLEL_STEPS).collect().last())
                                    .chain(() -> fingerprint(campaignId))
                                    .chain(fp -> redis.batch(List.of(
                                            Request.cmd(Command.SET).arg(BoardKeys.appliedCount(campaignId))
                                                    .arg(snap.attempts()),
                                            Request.cmd(Command.DEL).arg(BoardKeys.applied(campaignId)),
                                            Request.cmd(Command.SET).arg(BoardKeys.built(campaignId)).arg(fp))))
                                    // The outbox entries in the snapshot are in the boards now: their deletion commits
                                    // before the marker goes, so the relay can never apply them on top.
                                    .chain(() -> snap.tx().commit())
                                    .onFailure().call(() -> snap.tx().rollback().onFailure().recoverWithNull());
                        })
                        .onTermination().call(conn::close)))
                .onTermination().invoke(renewal::cancel)
                .map(x -> new Report(campaignId, entries.get(), System.currentTimeMillis() - start))
                .invoke(r -> LOG.infof("Leaderboards of campaign %d rebuilt from the ledger: %d entries in %d ms",
                        campaignId, r.entries(), r.millis()));
    }

    private record Snapshot(String id, long attempts, Transaction tx) {
    }

    /**
     * Opens the rebuild's transaction on {@code conn}: one snapshot of the ledger, exported for the steps' connections,
     * holding the campaign's outbox entries it can see (deleted, uncommitted: the relay skips them). A relay that
     * applied some of them just before the marker was set may still be deleting them: the snapshot is then retaken.
     */
    private Uni<Snapshot> snapshot(SqlConnection conn, long campaignId, int tries) {
        return conn.begin().chain(tx -> conn.query("set transaction isolation level repeatable read").execute()
                .chain(() -> conn.preparedQuery("delete from board_outbox where campaign_id = $1")
                        .execute(Tuple.of(campaignId)))
                .chain(() -> conn.preparedQuery("select pg_export_snapshot() as id, "
                                + CompetitionRollup.attemptsClosed("$1") + " as attempts")
                        .execute(Tuple.of(campaignId)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    String id = r.getString("id");
                    if (!SNAPSHOT_ID.matcher(id).matches()) {
                        throw new IllegalStateException("unexpected snapshot id " + id);
                    }
                    return new Snapshot(id, r.getLong("attempts"), tx);
                })
                .onFailure().call(() -> tx.rollback().onFailure().recoverWithNull()))
                .onFailure(e -> tries < 20 && e instanceof PgException pg && "40001".equals(pg.getSqlState()))
                .recoverWithUni(e -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(50))
                        .chain(() -> snapshot(conn, campaignId, tries + 1)));
    }

    /** A step on a connection of its own, reading the rebuild's snapshot. */
    private Uni<Void> inSnapshot(String snapshotId, LocalDate firstDay, Step step) {
        return pool.withTransaction(tx -> tx.query("set transaction isolation level repeatable read, read only")
                .execute()
                .chain(() -> tx.query("set transaction snapshot '" + snapshotId + "'").execute())
                .chain(() -> step.run(tx, firstDay)));
    }

    /** One aggregate query streamed into Redis; {@code firstDay}: older days' boards have expired and stay so. */
    @FunctionalInterface
    private interface Step {
        Uni<Void> run(SqlConnection tx, LocalDate firstDay);
    }

    /** Points, attempts and distinct participants (and rate) of regions or units, one aggregate query each. */
    private Step counters(Campaign c, String kind, String parent, String member, String from, String period,
                          AtomicLong entries, Bases.Kind baseKind) {
        String sql = "select parent, member, period, sum(points) as points, count(*) as attempts, "
                + "coalesce(max(created_at) filter (where points <> 0), min(created_at)) as points_at, "
                + "max(created_at) as attempts_at, count(distinct participant_id) as participants, "
                + "max(first_at) as participants_at from ("
                + "select " + parent + " as parent, " + member + " as member, " + period + " as period, l.points, "
                + "l.created_at, l.participant_id, min(l.created_at) over (partition by " + parent + ", " + member
                + ", " + period + ", l.participant_id) as first_at "
                + from + " where l.campaign_id = $1 and l.reason = '" + PointsLedger.ATTEMPT + "' and " + member
                + " is not null and " + parent + " is not null" + days(period)
                + ") x group by parent, member, period";
        return (tx, firstDay) -> stream(tx, sql, Tuple.of(c.id(), firstDay), row -> {
            String p = row.getString("period");
            String parentCode = row.getString("parent");
            String m = row.getString("member");
            java.util.function.Function<Metric, String> key = metric -> kind.equals("r")
                    ? BoardKeys.regions(c.id(), metric, p, parentCode)
                    : BoardKeys.units(c.id(), metric, p, parentCode);
            List<Request> out = new ArrayList<>(8);
            long participants = row.getLong("participants");
            long participantsT = t(c, row, "participants_at");
            out.add(zadd(key.apply(Metric.POINTS), row.getLong("points"), t(c, row, "points_at"), m));
            out.add(zadd(key.apply(Metric.ATTEMPTS), row.getLong("attempts"), t(c, row, "attempts_at"), m));
            out.add(zadd(key.apply(Metric.PARTICIPANTS), participants, participantsT, m));
            Integer base = bases.of(baseKind, m);
            if (base != null) {
                out.add(zadd(key.apply(Metric.RATE), participants * 1_000_000 / base, participantsT, m));
            }
            entries.addAndGet(out.size());
            return expiring(p, out, key.apply(Metric.POINTS), key.apply(Metric.ATTEMPTS),
                    key.apply(Metric.PARTICIPANTS), base == null ? null : key.apply(Metric.RATE));
        });
    }

    private Step participants(Campaign c, String scope, String period, AtomicLong entries) {
        String sql = "select " + scope + " as parent, l.participant_id::text as member, " + period + " as period, "
                + "sum(points) as points, coalesce(max(created_at) filter (where points <> 0), min(created_at)) "
                + "as points_at from points_ledger l where l.campaign_id = $1 and l.reason = '" + PointsLedger.ATTEMPT
                + "' and " + scope + " is not null" + days(period) + " group by 1, 2, 3";
        return (tx, firstDay) -> stream(tx, sql, Tuple.of(c.id(), firstDay), row -> {
            entries.incrementAndGet();
            String p = row.getString("period");
            String key = BoardKeys.participants(c.id(), p, row.getString("parent"));
            return expiring(p, List.of(zadd(key, row.getLong("points"), t(c, row, "points_at"),
                    row.getString("member"))), key);
        });
    }

    private Step names(long campaignId) {
        String sql = "select p.id::text as member, p.display_name from participant p where p.id in "
                + "(select distinct participant_id from points_ledger where campaign_id = $1 and reason = '"
                + PointsLedger.ATTEMPT + "') and $2::date is not null";
        return (tx, firstDay) -> stream(tx, sql, Tuple.of(campaignId, firstDay), row ->
                List.of(Request.cmd(Command.HSET).arg(BoardKeys.names(campaignId)).arg(row.getString("member"))
                        .arg(Names.mask(row.getString("display_name")))));
    }

    /** Daily boards are rebuilt for the days still kept, $2 on; the whole campaign's always. */
    private static String days(String period) {
        return period.equals("'t'") ? " and $2::date is not null" : " and l.local_day >= $2";
    }

    /** A day's board expires as the live updates make it expire. */
    private List<Request> expiring(String period, List<Request> writes, String... keys) {
        if (period.equals(BoardKeys.TOTAL)) {
            return writes;
        }
        long at = writer.dailyExpiry(LocalDate.parse(period, java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
        List<Request> out = new ArrayList<>(writes);
        for (String key : keys) {
            if (key != null) {
                out.add(Request.cmd(Command.EXPIREAT).arg(key).arg(at));
            }
        }
        return out;
    }

    /** Streams the query's rows (a cursor, not all rows in memory) into pipelined Redis batches. */
    private Uni<Void> stream(SqlConnection tx, String sql, Tuple args,
                             java.util.function.Function<Row, List<Request>> toRequests) {
        return tx.prepare(sql).chain(ps -> ps.createStream(BATCH, args)
                .toMulti()
                .group().intoLists().of(PIPELINE_ROWS)
                .onItem().transformToUniAndConcatenate(rows -> {
                    List<Request> batch = new ArrayList<>();
                    rows.forEach(r -> batch.addAll(toRequests.apply(r)));
                    return redis.batch(batch).replaceWithVoid();
                })
                .collect().last()
                .replaceWithVoid());
    }

    /** Deletes the campaign's boards and their bookkeeping, not the rebuild's own lock and marker. */
    private Uni<Void> deleteBoards(long campaignId) {
        return scan(campaignId, "0", BoardKeys.tag(campaignId) + "*");
    }

    private Uni<Void> scan(long campaignId, String cursor, String pattern) {
        return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000))
                .chain(r -> {
                    String next = r.get(0).toString();
                    List<String> keys = new ArrayList<>();
                    r.get(1).forEach(k -> {
                        if (!BoardKeys.control(campaignId, k.toString())) {
                            keys.add(k.toString());
                        }
                    });
                    Request unlink = Request.cmd(Command.UNLINK);
                    keys.forEach(unlink::arg);
                    Uni<Void> del = keys.isEmpty() ? Uni.createFrom().voidItem()
                            : redis.send(unlink).replaceWithVoid();
                    return del.chain(() -> next.equals("0") ? Uni.createFrom().voidItem()
                            : scan(campaignId, next, pattern));
                });
    }

    private static Request zadd(String key, long value, long t, String member) {
        return Request.cmd(Command.ZADD).arg(key).arg(Long.toString((long) Score.encode(value, t))).arg(member);
    }

    private static long t(Campaign c, Row row, String column) {
        return Score.t(c.startDate(), row.getOffsetDateTime(column).toInstant());
    }
}
