package anquanli.leaderboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of one update script call (see resources/leaderboard/update.lua): the keys it touches and the
 * argument list (without the entry id and time, which the relay puts first). Built in Java so the script stays a small interpreter and every key is declared (Redis Cluster).
 */
final class BoardUpdate {

    private final Map<String, Integer> keys = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();

    /** Keys 1-3 are the campaign's applied-entries set, rebuilding marker and applied count (see update.lua). */
    BoardUpdate(long campaignId, long t) {
        key(BoardKeys.applied(campaignId));
        key(BoardKeys.rebuilding(campaignId));
        key(BoardKeys.appliedCount(campaignId));
        args.add(Long.toString(t));
    }

    private int key(String key) {
        return keys.computeIfAbsent(key, k -> keys.size() + 1);
    }

    /** Adds {@code delta} to a member's value (a zero delta only makes sure the member is listed). */
    BoardUpdate add(String key, String member, long delta) {
        args.add("A");
        args.add(Integer.toString(key(key)));
        args.add(member);
        args.add(Long.toString(delta));
        return this;
    }

    /** Sets a rate board entry from the member's value on {@code source} and a per-capita base. */
    BoardUpdate rate(String key, String source, String member, int base) {
        args.add("R");
        args.add(Integer.toString(key(key)));
        args.add(Integer.toString(key(source)));
        args.add(member);
        args.add(Integer.toString(base));
        return this;
    }

    BoardUpdate hset(String key, String field, String value) {
        args.add("H");
        args.add(Integer.toString(key(key)));
        args.add(field);
        args.add(value);
        return this;
    }

    /** The key expires at {@code epochSecond}, unless it has an expiry already. */
    BoardUpdate expireAt(String key, long epochSecond) {
        args.add("X");
        args.add(Integer.toString(key(key)));
        args.add(Long.toString(epochSecond));
        return this;
    }

    List<String> keys() {
        return List.copyOf(keys.keySet());
    }

    List<String> args() {
        return List.copyOf(args);
    }
}
