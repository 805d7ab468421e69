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
 * lb:{c7}:built                          marker: the boards exist (absent after a Redis loss → rebuild)
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
}
