package anquanli.leaderboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of one update script call (see resources/leaderboard/update.lua): the keys it touches and the
 * argument list. Built in Java so the script stays a small interpreter and every key is declared (Redis Cluster).
 */
final class BoardUpdate {

    private final Map<String, Integer> keys = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();

    BoardUpdate(long t) {
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

    List<String> keys() {
        return List.copyOf(keys.keySet());
    }

    List<String> args() {
        return List.copyOf(args);
    }
}
