package anquanli.leaderboard;

import anquanli.quiz.PointsLedger;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recomputes every board of a campaign from the points ledger, the truth — its ATTEMPT rows only: boards rank
 * answering, and lottery prize points (reason LOTTERY) are the winner's own, never a region's or a unit's. Aggregates run in PostgreSQL and stream
 * into pipelined Redis writes; each value carries the moment it was reached, computed exactly as the live updates
 * do (last non-zero credit for points, last attempt for attempts, the arrival of the last new participant for
 * participants), so rebuilt boards equal the live ones, ties included. Used after a Redis loss — at start-up for
 * campaigns whose boards are missing — and on demand by the national office. Attempts closing while a rebuild runs
 * may be missed by it; rebuild again once traffic is quiet if that matters.
 */
@ApplicationScoped
public class LeaderboardRebuilder {

    private static final Logger LOG = Logger.getLogger(LeaderboardRebuilder.class);
    private static final int BATCH = 500;
    private static final int PARALLEL_STEPS = 3;

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

    public LeaderboardRebuilder(Pool pool, Redis redis, CampaignRepository campaigns, Bases bases) {
        this.pool = pool;
        this.redis = redis;
        this.campaigns = campaigns;
        this.bases = bases;
    }

    public record Report(long campaignId, long entries, long millis) {
    }

    /**
     * Boards missing after a Redis loss (or never built) are rebuilt before the service takes traffic; so are boards
     * left over from another database (the marker holds the campaign's creation time, which a new database with
     * the same campaign ids does not share).
     */
    void onStart(@Observes @Priority(50) StartupEvent event) {
        for (Campaign c : campaigns.all()) {
            if (c.status() == Campaign.Status.DRAFT) {
                continue;
            }
            String expected = fingerprint(c.id()).await().atMost(Duration.ofSeconds(10));
            Response built = redis.send(Request.cmd(Command.GET).arg(BoardKeys.built(c.id())))
                    .await().atMost(Duration.ofSeconds(10));
            if (built == null || !built.toString().equals(expected)) {
                Report r = rebuild(c.id()).await().atMost(Duration.ofMinutes(30));
                LOG.infof("Leaderboards of campaign %d rebuilt from the ledger: %d entries in %d ms", c.id(),
                        r.entries(), r.millis());
            }
        }
    }

    private Uni<String> fingerprint(long campaignId) {
        return pool.preparedQuery("select created_at from campaign where id = $1").execute(Tuple.of(campaignId))
                .map(rows -> campaignId + "@" + rows.iterator().next().getOffsetDateTime("created_at").toInstant());
    }

    public Uni<Report> rebuild(long campaignId) {
        Campaign campaign = campaigns.find(campaignId);
        long start = System.currentTimeMillis();
        AtomicLong entries = new AtomicLong();
        List<Uni<Void>> steps = new ArrayList<>();
        for (String period : PERIODS) {
            for (String[] level : REGION_LEVELS) {
                steps.add(counters(campaign, "r", level[0], level[1], "from points_ledger l", period, entries,
                        Bases.Kind.REGION));
            }
            for (String scope : UNIT_SCOPES) {
                steps.add(counters(campaign, "u", scope, "l.unit_id::text",
                        "from points_ledger l join unit u on u.id = l.unit_id", period, entries, Bases.Kind.UNIT));
            }
            for (String scope : PARTICIPANT_SCOPES) {
                steps.add(participants(campaign, scope, period, entries));
            }
        }
        steps.add(names(campaignId));
        // The steps write disjoint keys, so they may run side by side once the old keys are gone, each one scan of the
        // ledger on its own connection: PostgreSQL aggregates some while the service streams others into Redis. At
        // 1,000,000 participants with 3 days of history (7.56 M entries) on 2 cores: one at a time 137.5 s, two
        // 84.7 and 90.4 s, three 73.6 s.
        return deleteAll(campaignId)
                .chain(() -> Multi.createFrom().iterable(steps).onItem().transformToUni(step -> step)
                        .merge(PARALLEL_STEPS).collect().last())
                .chain(() -> fingerprint(campaignId))
                .chain(fp -> redis.send(Request.cmd(Command.SET).arg(BoardKeys.built(campaignId)).arg(fp)))
                .map(x -> new Report(campaignId, entries.get(), System.currentTimeMillis() - start));
    }

    /** Points, attempts and distinct participants (and rate) of regions or units, one aggregate query each. */
    private Uni<Void> counters(Campaign c, String kind, String parent, String member, String from, String period,
                               AtomicLong entries, Bases.Kind baseKind) {
        String sql = "select parent, member, period, sum(points) as points, count(*) as attempts, "
                + "coalesce(max(created_at) filter (where points <> 0), min(created_at)) as points_at, "
                + "max(created_at) as attempts_at, count(distinct participant_id) as participants, "
                + "max(first_at) as participants_at from ("
                + "select " + parent + " as parent, " + member + " as member, " + period + " as period, l.points, "
                + "l.created_at, l.participant_id, min(l.created_at) over (partition by " + parent + ", " + member
                + ", " + period + ", l.participant_id) as first_at "
                + from + " where l.campaign_id = $1 and l.reason = '" + PointsLedger.ATTEMPT + "' and " + member
                + " is not null and " + parent + " is not null"
                + ") x group by parent, member, period";
        return stream(sql, c.id(), row -> {
            String p = row.getString("period");
            String parentCode = row.getString("parent");
            String m = row.getString("member");
            java.util.function.Function<Metric, String> key = metric -> kind.equals("r")
                    ? BoardKeys.regions(c.id(), metric, p, parentCode)
                    : BoardKeys.units(c.id(), metric, p, parentCode);
            List<Request> out = new ArrayList<>(4);
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
            return out;
        });
    }

    private Uni<Void> participants(Campaign c, String scope, String period, AtomicLong entries) {
        String sql = "select " + scope + " as parent, l.participant_id::text as member, " + period + " as period, "
                + "sum(points) as points, coalesce(max(created_at) filter (where points <> 0), min(created_at)) "
                + "as points_at from points_ledger l where l.campaign_id = $1 and l.reason = '" + PointsLedger.ATTEMPT
                + "' and " + scope + " is not null "
                + "group by 1, 2, 3";
        return stream(sql, c.id(), row -> {
            entries.incrementAndGet();
            return List.of(zadd(BoardKeys.participants(c.id(), row.getString("period"), row.getString("parent")),
                    row.getLong("points"), t(c, row, "points_at"), row.getString("member")));
        });
    }

    private Uni<Void> names(long campaignId) {
        return stream("select p.id::text as member, p.display_name from participant p where p.id in "
                + "(select distinct participant_id from points_ledger where campaign_id = $1 and reason = '"
                + PointsLedger.ATTEMPT + "')", campaignId, row ->
                List.of(Request.cmd(Command.HSET).arg(BoardKeys.names(campaignId)).arg(row.getString("member"))
                        .arg(Names.mask(row.getString("display_name")))));
    }

    /** Streams the query's rows (a cursor, not all rows in memory) into pipelined Redis batches. */
    private Uni<Void> stream(String sql, long campaignId, java.util.function.Function<Row, List<Request>> toRequests) {
        return pool.withTransaction(tx -> tx.prepare(sql).chain(ps -> ps.createStream(BATCH, Tuple.of(campaignId))
                .toMulti()
                .group().intoLists().of(BATCH)
                .onItem().transformToUniAndConcatenate(rows -> {
                    List<Request> batch = new ArrayList<>();
                    rows.forEach(r -> batch.addAll(toRequests.apply(r)));
                    return redis.batch(batch).replaceWithVoid();
                })
                .collect().last()
                .replaceWithVoid()));
    }

    private Uni<Void> deleteAll(long campaignId) {
        return scan("0", BoardKeys.tag(campaignId) + "*");
    }

    private Uni<Void> scan(String cursor, String pattern) {
        return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000))
                .chain(r -> {
                    String next = r.get(0).toString();
                    List<String> keys = new ArrayList<>();
                    r.get(1).forEach(k -> keys.add(k.toString()));
                    Request unlink = Request.cmd(Command.UNLINK);
                    keys.forEach(unlink::arg);
                    Uni<Void> del = keys.isEmpty() ? Uni.createFrom().voidItem()
                            : redis.send(unlink).replaceWithVoid();
                    return del.chain(() -> next.equals("0") ? Uni.createFrom().voidItem() : scan(next, pattern));
                });
    }

    private static Request zadd(String key, long value, long t, String member) {
        return Request.cmd(Command.ZADD).arg(key).arg(Long.toString((long) Score.encode(value, t))).arg(member);
    }

    private static long t(Campaign c, Row row, String column) {
        return Score.t(c.startDate(), row.getOffsetDateTime(column).toInstant());
    }
}
