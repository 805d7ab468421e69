package anquanli.common;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUID version 7 (RFC 9562, section 5.7): the creation time in milliseconds in the top 48 bits, then random bits.
 * Rows keyed by such ids are appended at the right edge of their B-tree indexes instead of landing on a random page
 * of the whole index: the pages written during the peak are few and stay cached, and after each checkpoint far fewer
 * pages have to be logged in full. The id shows when the row was made, which the rows here show anyway.
 */
public final class TimeOrderedIds {

    private TimeOrderedIds() {
    }

    public static UUID next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
