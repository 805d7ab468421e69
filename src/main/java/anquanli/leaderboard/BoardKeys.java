package anquanli.leaderboard;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Redis key layout. Every key of a campaign carries the hash tag {c<id>}, so a campaign's boards share one slot of a
 * Redis Cluster and one Lua script may touch them all.
 * <pre>
 * lb:{c7}:r:&lt;metric&gt;:&lt;period&gt;:&lt;parent&gt;   regions under a parent (CN for provinces); members: division codes
 * lb:{c7}:u:&lt;metric&gt;:&lt;period&gt;:&lt;region&gt;   units within a region (CN = national); members: unit ids
 * lb:{c7}:p:&lt;period&gt;:&lt;region&gt;            participants within a region (CN = national), by points
 * lb:{c7}:names                          participant id → masked display name
 * lb:{c7}:built                          marker: the boards were built from this database (absent after a Redis
 *                                        loss → rebuild)
 * lb:{c7}:count                          outbox entries applied since the boards were built (a Redis that lost
 *                                        writes has fewer than the database says → rebuild)
 * lb:{c7}:applied                        outbox entry ids applied lately → when (ms): a relay that crashed before
 *                                        deleting an entry does not apply it twice
 * lb:{c7}:rebuilding                     marker while one instance rebuilds (relays wait, reads answer 503)
 * lb:{c7}:rebuild-lock                   which instance rebuilds
 * </pre>
 * period is {@code t} (whole campaign) or the Asia/Shanghai day as yyyyMMdd.
 */
public final class BoardKeys {

    public static final String NATIONAL = "CN";
    public static final String TOTAL = "t";

    private BoardKeys() {
    }

    public static String tag(long campaignId) {
        return "lb:{c" + campaignId + "}:";
    }

    public static String period(LocalDate day) {
        return day == null ? TOTAL : day.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    public static String regions(long campaignId, Metric metric, String period, String parent) {
        return tag(campaignId) + "r:" + metric.key + ":" + period + ":" + parent;
    }

    public static String units(long campaignId, Metric metric, String period, String region) {
        return tag(campaignId) + "u:" + metric.key + ":" + period + ":" + region;
    }

    public static String participants(long campaignId, String period, String region) {
        return tag(campaignId) + "p:" + period + ":" + region;
    }

    public static String names(long campaignId) {
        return tag(campaignId) + "names";
    }

    public static String built(long campaignId) {
        return tag(campaignId) + "built";
    }

    public static String appliedCount(long campaignId) {
        return tag(campaignId) + "count";
    }

    public static String applied(long campaignId) {
        return tag(campaignId) + "applied";
    }

    public static String rebuilding(long campaignId) {
        return tag(campaignId) + "rebuilding";
    }

    public static String rebuildLock(long campaignId) {
        return tag(campaignId) + "rebuild-lock";
    }

    /** Keys that say how the boards stand, kept when a rebuild clears the boards themselves. */
    public static boolean control(long campaignId, String key) {
        return key.equals(rebuilding(campaignId)) || key.equals(rebuildLock(campaignId));
    }
}
