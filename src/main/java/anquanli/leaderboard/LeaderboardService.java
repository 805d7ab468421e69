package anquanli.leaderboard;

import anquanli.common.ApiProblem;
import anquanli.common.MicroCache;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import anquanli.region.Region;
import anquanli.region.RegionLevel;
import anquanli.region.RegionRef;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the boards: a page of one board in one pipelined round trip, and a participant's ranks. */
@ApplicationScoped
public class LeaderboardService {

    private final Redis redis;
    private final Pool pool;
    private final CampaignRepository campaigns;
    private final RegionTree regions;

    private final MicroCache<String, Page> pages;

    public LeaderboardService(Redis redis, Pool pool, CampaignRepository campaigns, RegionTree regions,
                              @ConfigProperty(name = "anquanli.leaderboard.page-cache") Duration pageCache) {
        this.redis = redis;
        this.pool = pool;
        this.campaigns = campaigns;
        this.regions = regions;
        // Public board pages are read far more often than a moment's difference matters (the responses already say
        // max-age=10): one Redis read serves everyone asking for the same page within pageCache.
        this.pages = new MicroCache<>(pageCache, 10_000);
    }

    public record Entry(int rank, String member, long value) {
    }

    public record Page(long total, List<Entry> entries) {
    }

    /** A ranked position on one board; rank null when the member is not on it. */
    public record Position(Integer rank, long value, long of) {
    }

    public Campaign campaign(long id) {
        Campaign c = campaigns.find(id);
        if (c == null || c.status() == Campaign.Status.DRAFT) {
            throw ApiProblem.notFound("Campaign", id);
        }
        return c;
    }

    public String period(Campaign c, LocalDate day) {
        if (day != null && (day.isBefore(c.startDate()) || day.isAfter(c.endDate()))) {
            throw ApiProblem.badRequest("day-outside-campaign", "day must lie within the campaign ("
                    + c.startDate() + " to " + c.endDate() + ")");
        }
        return BoardKeys.period(day);
    }

    public Uni<Page> page(long campaignId, String key, int offset, int limit) {
        return pages.get(key + "|" + offset + "|" + limit, () -> read(campaignId, key, offset, limit));
    }

    /**
     * Two more commands in every read's pipeline: whether the boards are built and not being rebuilt. Otherwise the
     * read answers 503 leaderboard-rebuilding rather than partial ranks.
     */
    private static List<Request> withReadiness(long campaignId, List<Request> reads) {
        List<Request> batch = new ArrayList<>(reads);
        batch.add(Request.cmd(Command.EXISTS).arg(BoardKeys.built(campaignId)));
        batch.add(Request.cmd(Command.EXISTS).arg(BoardKeys.rebuilding(campaignId)));
        return batch;
    }

    private static void requireReady(List<Response> rs) {
        int n = rs.size();
        if (rs.get(n - 2).toInteger() == 0 || rs.get(n - 1).toInteger() == 1) {
            throw new ApiProblem(503, "leaderboard-rebuilding", "Leaderboards rebuilding",
                    "The leaderboards are being rebuilt from the ledger; try again shortly",
                    Map.of("retryAfter", 30));
        }
    }

    private Uni<Page> read(long campaignId, String key, int offset, int limit) {
        return redis.batch(withReadiness(campaignId, List.of(
                        Request.cmd(Command.ZREVRANGE).arg(key).arg(offset).arg(offset + limit - 1).arg("WITHSCORES"),
                        Request.cmd(Command.ZCARD).arg(key))))
                .map(rs -> {
                    requireReady(rs);
                    Response range = rs.get(0);
                    List<Entry> entries = new ArrayList<>();
                    int i = 0;
                    for (Response item : range) {
                        // RESP2 gives a flat member, score, member, score list; RESP3 gives pairs.
                        if (item.type() == io.vertx.redis.client.ResponseType.MULTI) {
                            entries.add(new Entry(offset + entries.size() + 1, item.get(0).toString(),
                                    Score.value(item.get(1).toDouble())));
                        } else if (i++ % 2 == 1) {
                            Entry last = entries.remove(entries.size() - 1);
                            entries.add(new Entry(last.rank(), last.member(), Score.value(item.toDouble())));
                        } else {
                            entries.add(new Entry(offset + entries.size() + 1, item.toString(), 0));
                        }
                    }
                    return new Page(rs.get(1).toLong(), entries);
                });
    }

    public Uni<Map<String, String>> participantNames(long campaignId, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Request r = Request.cmd(Command.HMGET).arg(BoardKeys.names(campaignId));
        ids.forEach(r::arg);
        return redis.send(r).map(resp -> {
            Map<String, String> names = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                Response name = resp.get(i);
                names.put(ids.get(i), name == null ? "*" : name.toString());
            }
            return names;
        });
    }

    public Uni<Map<Long, String[]>> units(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select id, name, region_code from unit where id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, String[]> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getLong("id"), new String[]{r.getString("name"),
                            r.getString("region_code")}));
                    return out;
                });
    }

    /** Positions on several boards at once (one pipelined round trip). */
    public Uni<List<Position>> positions(long campaignId, List<String> keys, List<String> members) {
        List<Request> batch = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            batch.add(Request.cmd(Command.ZREVRANK).arg(keys.get(i)).arg(members.get(i)));
            batch.add(Request.cmd(Command.ZSCORE).arg(keys.get(i)).arg(members.get(i)));
            batch.add(Request.cmd(Command.ZCARD).arg(keys.get(i)));
        }
        return redis.batch(withReadiness(campaignId, batch)).map(rs -> {
            requireReady(rs);
            List<Position> out = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                Response rank = rs.get(3 * i);
                Response score = rs.get(3 * i + 1);
                out.add(new Position(rank == null ? null : rank.toInteger() + 1,
                        score == null ? 0 : Score.value(score.toDouble()), rs.get(3 * i + 2).toLong()));
            }
            return out;
        });
    }

    /** The parent scope of a region board: CN for provinces, else the given region (which must have children). */
    public String parentScope(String parent) {
        if (parent == null || parent.isBlank() || parent.equals(BoardKeys.NATIONAL)) {
            return BoardKeys.NATIONAL;
        }
        Region r = regions.require(parent);
        if (r.level() == RegionLevel.TOWN) {
            throw ApiProblem.badRequest("region-level", "Towns have no sub-regions to rank; use the county");
        }
        return r.code();
    }

    public String scope(String region) {
        return region == null || region.isBlank() || region.equals(BoardKeys.NATIONAL) ? BoardKeys.NATIONAL
                : regions.require(region).code();
    }

    public RegionRef ref(String code) {
        Region r = regions.find(code);
        return r == null ? null : RegionRef.of(r);
    }
}
