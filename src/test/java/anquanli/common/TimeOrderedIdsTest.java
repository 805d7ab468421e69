package anquanli.common;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7WithTheRfcVariantAndCarryTheirTime() {
        long at = 1_780_000_000_123L;
        UUID id = TimeOrderedIds.next(at);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        // The top 48 bits are the time.
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at);
        // The text form starts with the time in hex, as RFC 9562 lays it out.
        assertThat(id.toString().replace("-", "")).startsWith(String.format("%012x", at));
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsPostgresComparesThem() {
        // PostgreSQL orders uuid values by their bytes, unsigned, which is the order of their text form.
        UUID earlier = TimeOrderedIds.next(1_780_000_000_000L);
        UUID later = TimeOrderedIds.next(1_780_000_000_001L);
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void idsMadeInTheSameMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.next(1_780_000_000_000L));
        }
        assertThat(ids).hasSize(100_000);
    }
}
