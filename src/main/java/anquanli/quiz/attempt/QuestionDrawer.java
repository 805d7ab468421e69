package anquanli.quiz.attempt;

import anquanli.quiz.bank.QuestionContent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Picks the questions of one attempt: the campaign's category mix, no question twice, and within a category the
 * questions this participant has seen least (ties broken at random, so two people rarely get the same set). If a
 * category has too few questions the shortfall is filled from the rest of the bank, least-seen first.
 */
public final class QuestionDrawer {

    private QuestionDrawer() {
    }

    public static List<QuestionContent> draw(Map<String, List<QuestionContent>> bank, Map<String, Integer> mix,
                                             int total, Map<String, Integer> seenCounts, Random random) {
        Set<String> taken = new HashSet<>();
        List<QuestionContent> drawn = new ArrayList<>(total);
        for (Map.Entry<String, Integer> want : new java.util.TreeMap<>(mix).entrySet()) {
            List<QuestionContent> pool = leastSeenFirst(bank.getOrDefault(want.getKey(), List.of()), seenCounts, random);
            for (QuestionContent q : pool) {
                if (drawn.size() >= total || countOf(drawn, want.getKey()) >= want.getValue()) {
                    break;
                }
                if (taken.add(q.id())) {
                    drawn.add(q);
                }
            }
        }
        if (drawn.size() < total) {
            List<QuestionContent> rest = new ArrayList<>();
            bank.values().forEach(rest::addAll);
            for (QuestionContent q : leastSeenFirst(rest, seenCounts, random)) {
                if (drawn.size() >= total) {
                    break;
                }
                if (taken.add(q.id())) {
                    drawn.add(q);
                }
            }
        }
        Collections.shuffle(drawn, random);
        return drawn;
    }

    private static long countOf(List<QuestionContent> drawn, String category) {
        return drawn.stream().filter(q -> q.category().equals(category)).count();
    }

    private static List<QuestionContent> leastSeenFirst(List<QuestionContent> questions, Map<String, Integer> seen,
                                                        Random random) {
        List<QuestionContent> shuffled = new ArrayList<>(questions);
        Collections.shuffle(shuffled, random);
        // stable sort: equal counts keep their random order
        shuffled.sort(Comparator.comparingInt(q -> seen.getOrDefault(q.id(), 0)));
        return shuffled;
    }
}
