package anquanli.leaderboard;

import anquanli.common.AppClock;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Board scores carry a value and the moment it was reached: value × 2^22 + (2^22 − 1 − t), t = whole seconds since
 * the campaign's first day began (Asia/Shanghai). Higher values rank first; among equal values the earlier one does,
 * without any sorting outside Redis. Precision: a double holds integers exactly up to 2^53, so values stay below
 * 2^31 (two billion points — far above a province's total) and t below 2^22 s (48 days; later moments count as the
 * last second, so ties after day 48 fall back to member order).
 */
public final class Score {

    public static final long SHIFT = 1L << 22;
    public static final long MAX_VALUE = (1L << 31) - 1;

    private Score() {
    }

    public static long t(LocalDate campaignStart, Instant at) {
        long seconds = at.getEpochSecond() - campaignStart.atStartOfDay(AppClock.CAMPAIGN_ZONE).toEpochSecond();
        return Math.max(0, Math.min(SHIFT - 1, seconds));
    }

    public static double encode(long value, long t) {
        return (double) (Math.min(value, MAX_VALUE) * SHIFT + (SHIFT - 1 - t));
    }

    public static long value(double score) {
        return (long) Math.floor(score / SHIFT);
    }

    public static long t(double score) {
        return SHIFT - 1 - ((long) score - value(score) * SHIFT);
    }
}
