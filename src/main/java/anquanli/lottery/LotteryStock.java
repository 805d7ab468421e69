package anquanli.lottery;

import anquanli.common.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prize stock in Redis, decided by one Lua script per draw so that the stock check, the per-person limit check, both
 * decrements and the draw order are a single atomic step: of any number of simultaneous draws exactly as many win as
 * there are units. All keys of a campaign share one hash tag ({c42}) so the script also runs on a Redis Cluster.
 * <p>
 * Invariant: stock + issued = released for every tier. Redis is a cache of it; PostgreSQL (issued draws, configured
 * stock) is the truth, and {@link #rebuild} rewrites Redis from it.
 */
@ApplicationScoped
public class LotteryStock {

    /** Returned by the draw script when the campaign's keys are missing (Redis lost them): rebuild, then retry. */
    public static final long NOT_READY = -1;

    // KEYS: stock, released, won, seq, ready. ARGV: participant, hit (1-based; n+1 = thanks), n, then per tier in
    // rank order: id, released units, per-person limit (0 = none).
    // Released units only grow (a new day, added stock): the difference is added to the stock first.
    private static final LuaScript DRAW = new LuaScript("""
            if redis.call('EXISTS', KEYS[5]) == 0 then return {-1, 0} end
            local pid = ARGV[1]
            local hit = tonumber(ARGV[2])
            local n = tonumber(ARGV[3])
            for i = 1, n do
              local id = ARGV[4 + (i - 1) * 3]
              local target = tonumber(ARGV[5 + (i - 1) * 3])
              local have = tonumber(redis.call('HGET', KEYS[2], id) or '0')
              if target > have then
                redis.call('HINCRBY', KEYS[1], id, target - have)
                redis.call('HSET', KEYS[2], id, target)
              end
            end
            local awarded = 0
            for i = hit, n do
              local id = ARGV[4 + (i - 1) * 3]
              local limit = tonumber(ARGV[6 + (i - 1) * 3])
              local field = pid .. ':' .. id
              local stock = tonumber(redis.call('HGET', KEYS[1], id) or '0')
              if stock > 0 and (limit == 0 or tonumber(redis.call('HGET', KEYS[3], field) or '0') < limit) then
                redis.call('HINCRBY', KEYS[1], id, -1)
                redis.call('HINCRBY', KEYS[3], field, 1)
                awarded = i
                break
              end
            end
            return {redis.call('INCR', KEYS[4]), awarded}
            """);

    // Gives a unit back when the draw that took it could not be recorded. KEYS: stock, won. ARGV: tier id, participant.
    private static final LuaScript UNDO = new LuaScript("""
            redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
            redis.call('HINCRBY', KEYS[2], ARGV[2] .. ':' .. ARGV[1], -1)
            return 1
            """);

    // Rewrites a campaign's keys from PostgreSQL. KEYS: stock, released, won, seq, ready.
    // ARGV: max recorded seq, n, per tier: id, released, issued; then pairs of won field, count.
    private static final LuaScript REBUILD = new LuaScript("""
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
            local n = tonumber(ARGV[2])
            for i = 1, n do
              local id = ARGV[3 + (i - 1) * 3]
              local released = tonumber(ARGV[4 + (i - 1) * 3])
              local issued = tonumber(ARGV[5 + (i - 1) * 3])
              redis.call('HSET', KEYS[1], id, released - issued)
              redis.call('HSET', KEYS[2], id, released)
            end
            for j = 3 + n * 3, #ARGV, 2 do
              redis.call('HSET', KEYS[3], ARGV[j], ARGV[j + 1])
            end
            if tonumber(redis.call('GET', KEYS[4]) or '0') < tonumber(ARGV[1]) then
              redis.call('SET', KEYS[4], ARGV[1])
            end
            redis.call('SET', KEYS[5], '1')
            return 1
            """);

    private final ReactiveRedisDataSource redis;
    private final Redis client;

    public LotteryStock(ReactiveRedisDataSource redis, Redis client) {
        this.redis = redis;
        this.client = client;
    }

    /** A tier as the draw script needs it: released units as of the draw's day. */
    public record TierStock(long tierId, int released, Integer perPersonLimit) {
    }

    /** The script's decision: the draw order, and the index (0-based, by rank) of the tier issued, or -1 for thanks. */
    public record Decision(long seq, int awardedIndex) {
    }

    public Uni<Decision> draw(long campaignId, long participantId, int hitIndex, List<TierStock> tiers) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(participantId));
        args.add(Integer.toString(hitIndex + 1));
        args.add(Integer.toString(tiers.size()));
        for (TierStock t : tiers) {
            args.add(Long.toString(t.tierId()));
            args.add(Integer.toString(t.released()));
            args.add(Integer.toString(t.perPersonLimit() == null ? 0 : t.perPersonLimit()));
        }
        return DRAW.run(client, keys(campaignId), args)
                .map(r -> new Decision(r.get(0).toLong(), r.get(1).toInteger() - 1));
    }

    public Uni<Void> undo(long campaignId, long participantId, long tierId) {
        return UNDO.run(client, List.of(key(campaignId, "stock"), key(campaignId, "won")),
                List.of(Long.toString(tierId), Long.toString(participantId))).replaceWithVoid();
    }

    /** What PostgreSQL says a tier should hold. */
    public record Expected(long tierId, int released, int issued) {
    }

    public Uni<Void> rebuild(long campaignId, long maxSeq, List<Expected> tiers, Map<String, Integer> wonByField) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(maxSeq));
        args.add(Integer.toString(tiers.size()));
        for (Expected t : tiers) {
            args.add(Long.toString(t.tierId()));
            args.add(Integer.toString(t.released()));
            args.add(Integer.toString(t.issued()));
        }
        wonByField.forEach((field, count) -> {
            args.add(field);
            args.add(count.toString());
        });
        return REBUILD.run(client, keys(campaignId), args).replaceWithVoid();
    }

    /** Redis stock per tier id, and whether the campaign's keys exist at all. */
    public record Snapshot(boolean ready, Map<Long, Integer> stock) {
    }

    public Uni<Snapshot> snapshot(long campaignId, List<Long> tierIds) {
        List<String> args = new ArrayList<>(List.of(key(campaignId, "stock")));
        tierIds.forEach(id -> args.add(id.toString()));
        return redis.execute("EXISTS", key(campaignId, "ready")).chain(ready -> (tierIds.isEmpty()
                ? Uni.createFrom().<Response>nullItem() : redis.execute("HMGET", args.toArray(String[]::new)))
                .map(values -> {
                    Map<Long, Integer> stock = new HashMap<>();
                    for (int i = 0; i < tierIds.size(); i++) {
                        Response v = values.get(i);
                        stock.put(tierIds.get(i), v == null ? null : v.toInteger());
                    }
                    return new Snapshot(ready.toInteger() == 1, stock);
                }));
    }

    /** "participant:tier": the field of the per-person count. */
    public static String wonField(long participantId, long tierId) {
        return participantId + ":" + tierId;
    }

    private static List<String> keys(long campaignId) {
        return List.of(key(campaignId, "stock"), key(campaignId, "released"), key(campaignId, "won"),
                key(campaignId, "seq"), key(campaignId, "ready"));
    }

    static String key(long campaignId, String what) {
        return "lot:{c" + campaignId + "}:" + what;
    }
}
