package anquanli.lottery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DrawAlgorithmTest {

    private static final byte[] SEED = "0123456789abcdef0123456789abcdef".getBytes();

    @Test
    void numbersFallInTheTiersByTheirWeightsAndTheRestIsThanks() {
        List<Integer> weights = List.of(10, 0, 90);
        assertThat(DrawAlgorithm.hit(weights, 0)).isEqualTo(0);
        assertThat(DrawAlgorithm.hit(weights, 9)).isEqualTo(0);
        assertThat(DrawAlgorithm.hit(weights, 10)).isEqualTo(2);
        assertThat(DrawAlgorithm.hit(weights, 99)).isEqualTo(2);
        assertThat(DrawAlgorithm.hit(weights, 100)).isEqualTo(3);
    }

    @Test
    void randomnessIsDeterministicPerSeedAndDrawAndSpreadsOverTheRange() {
        UUID id = UUID.randomUUID();
        assertThat(DrawAlgorithm.randomness(SEED, id, 1000)).isEqualTo(DrawAlgorithm.randomness(SEED, id, 1000));
        int[] buckets = new int[10];
        for (int i = 0; i < 10_000; i++) {
            long r = DrawAlgorithm.randomness(SEED, UUID.randomUUID(), 1_000_000);
            assertThat(r).isBetween(0L, 999_999L);
            buckets[(int) (r / 100_000)]++;
        }
        for (int b : buckets) {
            assertThat(b).isBetween(800, 1200);
        }
    }

    @Test
    void dailyReleaseGrowsPerCampaignDayUpToTheStock() {
        LocalDate start = LocalDate.of(2026, 6, 1);
        assertThat(DrawAlgorithm.released(100, null, start, start.minusDays(3))).isEqualTo(100);
        assertThat(DrawAlgorithm.released(100, 30, start, start.minusDays(1))).isZero();
        assertThat(DrawAlgorithm.released(100, 30, start, start)).isEqualTo(30);
        assertThat(DrawAlgorithm.released(100, 30, start, start.plusDays(2))).isEqualTo(90);
        assertThat(DrawAlgorithm.released(100, 30, start, start.plusDays(20))).isEqualTo(100);
    }

    @Test
    void drawIdsFollowFromParticipantAndRequest() {
        UUID request = UUID.randomUUID();
        assertThat(DrawAlgorithm.drawId(1, 2, request)).isEqualTo(DrawAlgorithm.drawId(1, 2, request))
                .isNotEqualTo(DrawAlgorithm.drawId(1, 3, request));
    }

    @Test
    void replayFallsBackWhenStockIsGoneOrThePersonHasWonEnough() {
        // Tier 1 takes every number: 2 units, one per person. Tier 2 weight 0 but 1 unit: only reachable by fallback.
        Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
        List<FairnessReplay.Tier> tiers = List.of(
                new FairnessReplay.Tier(1, 100, 1, null, List.of(new FairnessReplay.StockEvent(t0, 2))),
                new FairnessReplay.Tier(2, 0, null, null, List.of(new FairnessReplay.StockEvent(t0, 1))));
        List<FairnessReplay.Draw> draws = new ArrayList<>();
        String[] who = {"a", "a", "b", "c", "d"};
        for (int i = 0; i < who.length; i++) {
            draws.add(new FairnessReplay.Draw(i + 1, UUID.randomUUID(), who[i], t0.plusSeconds(i),
                    LocalDate.of(2026, 6, 1)));
        }
        Map<Long, Integer> out = FairnessReplay.replay(SEED, 100, LocalDate.of(2026, 6, 1), tiers, draws);
        assertThat(out.get(1L)).isEqualTo(1);     // a wins tier 1
        assertThat(out.get(2L)).isEqualTo(2);     // a is over the limit: falls to tier 2
        assertThat(out.get(3L)).isEqualTo(1);     // b takes the last unit of tier 1
        assertThat(out.get(4L)).isNull();         // nothing left: thanks
        assertThat(out.get(5L)).isNull();
    }

    @Test
    void namesAreMaskedAfterTheFirstCharacter() {
        assertThat(ClaimProtector.maskName("张三")).isEqualTo("张*");
        assertThat(ClaimProtector.maskName("欧阳娜娜")).isEqualTo("欧***");
        assertThat(ClaimProtector.maskName("李")).isEqualTo("李*");
        assertThat(ClaimProtector.maskName(null)).isEqualTo("*");
    }
}
