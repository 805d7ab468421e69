package anquanli.leaderboard;

import anquanli.Db;
import anquanli.common.AppClock;
import anquanli.quiz.campaign.CampaignRepository;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Campaigns of their own for board tests, the boards as Redis holds them, and the boards as the ledger says they
 * should be — computed here independently of the service's own rebuild code.
 */
@ApplicationScoped
public class BoardFixture {

    private final Db db;
    private final CampaignRepository campaigns;
    private final AppClock clock;
    private final RedisDataSource redis;
    private final LeaderboardRebuilder rebuilder;

    public BoardFixture(Db db, CampaignRepository campaigns, AppClock clock, RedisDataSource redis,
                        LeaderboardRebuilder rebuilder) {
        this.rebuilder = rebuilder;
        this.db = db;
        this.campaigns = campaigns;
        this.clock = clock;
        this.redis = redis;
    }

    /** An active five-question campaign open from two days ago. */
    public long campaign() {
        LocalDate today = clock.today();
        long id = db.count("insert into campaign (code, name, start_date, end_date, status, attempts_per_day, "
                        + "questions_per_attempt, seconds_per_question, correct_per_chance, chances_per_day_cap, "
                        + "points_per_correct, perfect_bonus, category_mix) values (?, '排行榜测试', ?, ?, 'ACTIVE', 1, 5, "
                        + "30, 5, 3, 10, 20, '{\"fire\":2,\"safety-law\":3}'::jsonb) returning id",
                "lb-" + UUID.randomUUID(), java.sql.Date.valueOf(today.minusDays(2)),
                java.sql.Date.valueOf(today.plusDays(5)));
        campaigns.reload().await().atMost(Duration.ofSeconds(10));
        // Campaign ids restart with every test run's fresh schema while Redis keeps its data: start clean.
        rebuild(id);
        return id;
    }

    /** Rebuilds now; if the service's own check is rebuilding the campaign already, waits for it and rebuilds after. */
    public void rebuild(long id) {
        long until = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                rebuilder.rebuild(id).await().atMost(Duration.ofSeconds(30));
                return;
            } catch (anquanli.common.ApiProblem e) {
                if (!e.code().equals("rebuild-in-progress") || System.currentTimeMillis() > until) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public long unit(String regionCode) {
        return db.count("insert into unit (name, region_code) values (?, ?) returning id",
                "排行榜测试单位" + UUID.randomUUID().toString().substring(0, 8), regionCode);
    }

    /** Every sorted-set entry of the campaign: key → member → raw score. */
    public Map<String, Map<String, Double>> snapshot(long campaignId) {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        String cursor = "0";
        do {
            Response r = redis.execute("SCAN", cursor, "MATCH", BoardKeys.tag(campaignId) + "*", "COUNT", "1000");
            cursor = r.get(0).toString();
            for (Response k : r.get(1)) {
                String key = k.toString();
                // Boards only: the set of applied outbox entries is the relay's bookkeeping.
                if (!redis.execute("TYPE", key).toString().equals("zset") || key.equals(BoardKeys.applied(campaignId))) {
                    continue;
                }
                Map<String, Double> members = new TreeMap<>();
                Response range = redis.execute("ZRANGE", key, "0", "-1", "WITHSCORES");
                List<Response> flat = new ArrayList<>();
                range.forEach(flat::add);
                for (int i = 0; i < flat.size(); i++) {
                    Response item = flat.get(i);
                    if (item.size() == 2 && item.type() == io.vertx.redis.client.ResponseType.MULTI) {
                        members.put(item.get(0).toString(), item.get(1).toDouble());
                    } else {
                        members.put(item.toString(), flat.get(++i).toDouble());
                    }
                }
                out.put(key, members);
            }
        } while (!cursor.equals("0"));
        return out;
    }

    public static Map<String, Map<String, Long>> values(Map<String, Map<String, Double>> snapshot) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        snapshot.forEach((k, m) -> {
            Map<String, Long> v = new TreeMap<>();
            m.forEach((member, score) -> v.put(member, Score.value(score)));
            out.put(k, v);
        });
        return out;
    }

    /** The values every board should hold, from the ledger's answering rows alone (prize points never count). */
    public Map<String, Map<String, Long>> expectedFromLedger(long c) {
        Map<String, Map<String, Long>> points = new HashMap<>();
        Map<String, Map<String, Set<Object>>> people = new HashMap<>();
        Map<String, Map<String, Long>> attempts = new HashMap<>();
        for (Map<String, Object> row : db.rows("select l.*, u.region_code as unit_region from points_ledger l "
                + "left join unit u on u.id = l.unit_id where l.campaign_id = ? and l.reason = 'ATTEMPT'", c)) {
            long p = ((Number) row.get("points")).longValue();
            Object who = row.get("participant_id");
            String[] codes = {(String) row.get("province_code"), (String) row.get("city_code"),
                    (String) row.get("county_code"), (String) row.get("town_code")};
            String[] parents = {BoardKeys.NATIONAL, codes[0], codes[1], codes[2]};
            for (String period : List.of(BoardKeys.TOTAL,
                    BoardKeys.period(((java.sql.Date) row.get("local_day")).toLocalDate()))) {
                for (int i = 0; i < 4; i++) {
                    if (codes[i] == null) {
                        continue;
                    }
                    add(points, BoardKeys.regions(c, Metric.POINTS, period, parents[i]), codes[i], p);
                    add(attempts, BoardKeys.regions(c, Metric.ATTEMPTS, period, parents[i]), codes[i], 1);
                    people.computeIfAbsent(BoardKeys.regions(c, Metric.PARTICIPANTS, period, parents[i]),
                            k -> new HashMap<>()).computeIfAbsent(codes[i], k -> new HashSet<>()).add(who);
                }
                List<String> scopes = new ArrayList<>(List.of(BoardKeys.NATIONAL, codes[0], codes[1], codes[2]));
                if (codes[3] != null) {
                    scopes.add(codes[3]);
                }
                for (String scope : scopes) {
                    add(points, BoardKeys.participants(c, period, scope), who.toString(), p);
                }
                if (row.get("unit_id") != null) {
                    String unit = row.get("unit_id").toString();
                    String ur = (String) row.get("unit_region");
                    List<String> unitScopes = new ArrayList<>(List.of(BoardKeys.NATIONAL, ur.substring(0, 2),
                            ur.substring(0, 4), ur.substring(0, 6)));
                    if (ur.length() == 9) {
                        unitScopes.add(ur);
                    }
                    for (String scope : unitScopes) {
                        add(points, BoardKeys.units(c, Metric.POINTS, period, scope), unit, p);
                        add(attempts, BoardKeys.units(c, Metric.ATTEMPTS, period, scope), unit, 1);
                        people.computeIfAbsent(BoardKeys.units(c, Metric.PARTICIPANTS, period, scope),
                                k -> new HashMap<>()).computeIfAbsent(unit, k -> new HashSet<>()).add(who);
                    }
                }
            }
        }
        Map<String, Map<String, Long>> out = new TreeMap<>();
        points.forEach((k, m) -> out.put(k, new TreeMap<>(m)));
        attempts.forEach((k, m) -> out.put(k, new TreeMap<>(m)));
        people.forEach((k, m) -> {
            Map<String, Long> v = new TreeMap<>();
            m.forEach((member, set) -> v.put(member, (long) set.size()));
            out.put(k, v);
        });
        return out;
    }

    public void flushRedis() {
        redis.execute("FLUSHDB");
    }

    private static void add(Map<String, Map<String, Long>> boards, String key, String member, long delta) {
        boards.computeIfAbsent(key, k -> new HashMap<>()).merge(member, delta, Long::sum);
    }
}
