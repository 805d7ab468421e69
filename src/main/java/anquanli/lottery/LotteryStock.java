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
 * Prize stock in Redis, decided by one Lua script per batch of draws (see {@link DrawBatches}) so that for each draw
 * the stock check, the per-person limit check, both decrements and the draw order are a single atomic step: of any
 * number of simultaneous draws exactly as many win as there are units. All keys of a campaign share one hash tag
 * ({c42}) so the script also runs on a Redis Cluster.
 * <p>
 * Invariant: stock + issued = released for every tier. Redis is a cache of it; PostgreSQL (issued draws, configured
 * stock) is the truth, and {@link #rebuild} rewrites Redis from it.
 */
@ApplicationScoped
public class LotteryStock {

    /** Returned by the draw script when the campaign's keys are missing (Redis lost them): rebuild, then retry. */
    public static final long NOT_READY = -1;

    // KEYS: stock, released, won, seq, ready. ARGV: n, then per tier in rank order: id, released units, per-person
    // limit (0 = none); then per draw in order: participant, hit (1-based; n+1 = thanks).
    // Released units only grow (a new day, added stock): the difference is added to the stock first. The draws are
    // then decided one after the other, exactly as if each had run alone in this order. Returns per draw: the draw
    // order (seq) and the tier awarded (1-based; 0 = thanks); or {-1} when the keys are missing.
    private static final LuaScript DRAW = new LuaScript("""
            if redis.call('EXISTS', KEYS[5]) == 0 then return {-1} end
            local n = tonumber(ARGV[1])
            for i = 1, n do
              local id = ARGV[(i - 1) * 3 + 2]
              local target = tonumber(ARGV[(i - 1) * 3 + 3])
              local have = tonumber(redis.call('HGET', KEYS[2], id) or '0')
              if target > have then
                redis.call('HINCRBY', KEYS[1], id, target - have)
                redis.call('HSET', KEYS[2], id, target)
              end
            end
            local out = {}
            for j = n * 3 + 2, #ARGV, 2 do
              local pid = ARGV[j]
              local awarded = 0
              for i = tonumber(ARGV[j + 1]), n do
                local id = ARGV[(i - 1) * 3 + 2]
                local limit = tonumber(ARGV[(i - 1) * 3 + 4])
                local field = pid .. ':' .. id
                local stock = tonumber(redis.call('HGET', KEYS[1], id) or '0')
                if stock > 0 and (limit == 0 or tonumber(redis.call('HGET', KEYS[3], field) or '0') < limit) then
                  redis.call('HINCRBY', KEYS[1], id, -1)
                  redis.call('HINCRBY', KEYS[3], field, 1)
                  awarded = i
                  break
                end
              end
              out[#out + 1] = redis.call('INCR', KEYS[4])
              out[#out + 1] = awarded
            end
            return out
            """);

    // Gives units back when the draws that took them could not be recorded. KEYS: stock, won.
    // ARGV: pairs of tier id, participant.
    private static final LuaScript UNDO = new LuaScript("""
            for j = 1, #ARGV, 2 do
              redis.call('HINCRBY', KEYS[1], ARGV[j], 1)
              redis.call('HINCRBY', KEYS[2], ARGV[j + 1] .. ':' .. ARGV[j], -1)
            end
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

    /** A draw to decide: who draws, and the tier (0-based, by rank) the draw's random number fell in. */
    public record Spin(long participantId, int hitIndex) {
    }

    /**
     * Decides {@code spins} in order, in one atomic step: the result has one decision per spin, in the same order, or
     * is null when the campaign's keys are missing (nothing was changed).
     */
    public Uni<List<Decision>> draw(long campaignId, List<TierStock> tiers, List<Spin> spins) {
        List<String> args = new ArrayList<>(1 + tiers.size() * 3 + spins.size() * 2);
        args.add(Integer.toString(tiers.size()));
        for (TierStock t : tiers) {
            args.add(Long.toString(t.tierId()));
            args.add(Integer.toString(t.released()));
            args.add(Integer.toString(t.perPersonLimit() == null ? 0 : t.perPersonLimit()));
        }
        for (Spin s : spins) {
            args.add(Long.toString(s.participantId()));
            args.add(Integer.toString(s.hitIndex() + 1));
        }
        return DRAW.run(client, keys(campaignId), args).map(r -> {
            if (r.size() == 1 && r.get(0).toLong() == NOT_READY) {
                return null;
            }
            List<Decision> decisions = new ArrayList<>(spins.size());
            for (int i = 0; i < r.size(); i += 2) {
                decisions.add(new Decision(r.get(i).toLong(), r.get(i + 1).toInteger() - 1));
            }
            return decisions;
        });
    }

    /** A unit taken by a draw that could not be recorded. */
    public record Taken(long participantId, long tierId) {
    }

    /** Gives the units back (the per-person counts too). */
    public Uni<Void> undo(long campaignId, List<Taken> taken) {
        if (taken.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(taken.size() * 2);
        for (Taken t : taken) {
            args.add(Long.toString(t.tierId()));
            args.add(Long.toString(t.participantId()));
        }
        return UNDO.run(client, List.of(key(campaignId, "stock"), key(campaignId, "won")), args).replaceWithVoid();
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
