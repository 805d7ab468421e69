package anquanli.lottery;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The draw rules, as pure functions shared by the live draw (whose Redis script applies the same fallback) and the
 * public fairness replay ({@link FairnessReplay}). Documented for outside verifiers in package-info ("Lottery fairness").
 */
public final class DrawAlgorithm {

    private DrawAlgorithm() {
    }

    /**
     * A draw's id follows from who drew and the client's request id, so a retry is the same draw, and the random
     * number (keyed by the secret seed) cannot be steered by the service picking ids.
     */
    public static UUID drawId(long campaignId, long participantId, UUID requestId) {
        return UUID.nameUUIDFromBytes(("anquanli-lottery:" + campaignId + ":" + participantId + ":" + requestId)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** sha256(seed), lower-case hex: published before the campaign. */
    public static String commitment(byte[] seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * HMAC-SHA256(key = seed, message = the draw id as lower-case text); the first 8 bytes as an unsigned big-endian
     * number, modulo the total weight. (The modulo bias, below 2^-40 for weights up to a million, is negligible.)
     */
    public static long randomness(byte[] seed, UUID drawId, int totalWeight) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            byte[] h = mac.doFinal(drawId.toString().getBytes(StandardCharsets.US_ASCII));
            return Long.remainderUnsigned(ByteBuffer.wrap(h, 0, 8).getLong(), totalWeight);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tier a number falls in: tiers in rank order take consecutive intervals of their weight from 0; a number past
     * them all is "thanks" (returned as {@code weights.size()}).
     */
    public static int hit(List<Integer> weightsByRank, long r) {
        long upper = 0;
        for (int i = 0; i < weightsByRank.size(); i++) {
            upper += weightsByRank.get(i);
            if (r < upper) {
                return i;
            }
        }
        return weightsByRank.size();
    }

    /**
     * Units of a tier released by a campaign day: all of it without a daily release, else dailyRelease per campaign
     * day since the start (so the last days are not empty), never more than configured.
     */
    public static int released(int stock, Integer dailyRelease, LocalDate startDate, LocalDate day) {
        if (dailyRelease == null) {
            return stock;
        }
        long days = ChronoUnit.DAYS.between(startDate, day) + 1;
        return (int) Math.max(0, Math.min(stock, days * dailyRelease));
    }
}
