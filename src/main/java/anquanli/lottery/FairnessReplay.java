package anquanli.lottery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Recomputes every draw's outcome from public data once the seed is revealed: the tiers (weights, limits, daily
 * release), the stock history and the draw list in draw order (seq). Walking the draws in seq order with the stock
 * released at each draw's time and the units issued before it gives exactly the live outcomes: the live draw makes the
 * same decision in one Redis script per draw, in the same order.
 */
public final class FairnessReplay {

    private FairnessReplay() {
    }

    public record Tier(int rank, int weight, Integer perPersonLimit, Integer dailyRelease, List<StockEvent> stock) {
    }

    public record StockEvent(Instant at, int units) {
    }

    /** A published draw: participant is an opaque pseudonym, the same for all draws of one participant. */
    public record Draw(long seq, UUID id, String participant, Instant drawnAt, LocalDate localDay) {
    }

    /** The expected prize rank of each draw, by seq (null: thanks). */
    public static Map<Long, Integer> replay(byte[] seed, int totalWeight, LocalDate startDate, List<Tier> tiers,
                                           List<Draw> draws) {
        List<Tier> byRank = tiers.stream().sorted(Comparator.comparingInt(Tier::rank)).toList();
        List<Integer> weights = byRank.stream().map(Tier::weight).toList();
        int[] issued = new int[byRank.size()];
        Map<String, Integer> won = new HashMap<>();
        Map<Long, Integer> outcome = new HashMap<>();
        List<Draw> ordered = new ArrayList<>(draws);
        ordered.sort(Comparator.comparingLong(Draw::seq));
        for (Draw d : ordered) {
            int hit = DrawAlgorithm.hit(weights, DrawAlgorithm.randomness(seed, d.id(), totalWeight));
            Integer awarded = null;
            for (int i = hit; i < byRank.size(); i++) {
                Tier t = byRank.get(i);
                int configured = t.stock().stream().filter(e -> !e.at().isAfter(d.drawnAt()))
                        .mapToInt(StockEvent::units).sum();
                int released = DrawAlgorithm.released(configured, t.dailyRelease(), startDate, d.localDay());
                String key = d.participant() + ":" + t.rank();
                if (released - issued[i] > 0
                        && (t.perPersonLimit() == null || won.getOrDefault(key, 0) < t.perPersonLimit())) {
                    issued[i]++;
                    won.merge(key, 1, Integer::sum);
                    awarded = t.rank();
                    break;
                }
            }
            outcome.put(d.seq(), awarded);
        }
        return outcome;
    }
}
