package anquanli.quiz.attempt;

import anquanli.quiz.bank.BankQuestion;
import anquanli.quiz.bank.QuestionContent;
import anquanli.quiz.bank.QuestionType;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class QuestionDrawerTest {

    private static Map<String, List<QuestionContent>> bank(Map<String, Integer> sizes) {
        Map<String, List<QuestionContent>> bank = new HashMap<>();
        sizes.forEach((category, n) -> {
            List<QuestionContent> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(new QuestionContent(category + "-" + i, 1, QuestionType.SINGLE, category, 1, "stem",
                        List.of(new BankQuestion.Option("A", "a"), new BankQuestion.Option("B", "b")),
                        List.of("A"), "why", null));
            }
            bank.put(category, list);
        });
        return bank;
    }

    @RepeatedTest(20)
    void drawsTheMixWithoutRepeats() {
        var bank = bank(Map.of("fire", 10, "law", 10, "road", 10));
        var mix = Map.of("fire", 2, "law", 3, "road", 1);

        List<QuestionContent> drawn = QuestionDrawer.draw(bank, mix, 6, Map.of(), new Random());

        assertThat(drawn).hasSize(6);
        assertThat(drawn.stream().map(QuestionContent::id).distinct().count()).isEqualTo(6);
        Map<String, Long> byCategory = drawn.stream().collect(Collectors.groupingBy(QuestionContent::category,
                Collectors.counting()));
        assertThat(byCategory).containsExactlyInAnyOrderEntriesOf(Map.of("fire", 2L, "law", 3L, "road", 1L));
    }

    @RepeatedTest(20)
    void prefersTheQuestionsSeenLeast() {
        var bank = bank(Map.of("fire", 5));
        Map<String, Integer> seen = new HashMap<>();
        seen.put("fire-0", 3);
        seen.put("fire-1", 1);
        seen.put("fire-2", 2);
        seen.put("fire-3", 1);
        // fire-4 never seen

        List<String> drawn = QuestionDrawer.draw(bank, Map.of("fire", 3), 3, seen, new Random()).stream()
                .map(QuestionContent::id).toList();

        assertThat(drawn).containsExactlyInAnyOrder("fire-4", "fire-1", "fire-3");
    }

    @Test
    void fillsAShortCategoryFromTheRestOfTheBank() {
        var bank = bank(Map.of("fire", 1, "law", 10));

        List<QuestionContent> drawn = QuestionDrawer.draw(bank, Map.of("fire", 3, "law", 2), 5, Map.of(), new Random(7));

        assertThat(drawn).hasSize(5);
        assertThat(drawn.stream().map(QuestionContent::id).distinct().count()).isEqualTo(5);
        assertThat(drawn.stream().filter(q -> q.category().equals("fire")).count()).isEqualTo(1);
    }

    @Test
    void returnsFewerWhenTheWholeBankIsTooSmall() {
        var bank = bank(Map.of("fire", 2));

        assertThat(QuestionDrawer.draw(bank, Map.of("fire", 5), 5, Map.of(), new Random())).hasSize(2);
    }

    @Test
    void tiesAreBrokenAtRandom() {
        var bank = bank(Map.of("fire", 30));
        var first = new java.util.HashSet<List<String>>();
        for (int i = 0; i < 10; i++) {
            first.add(QuestionDrawer.draw(bank, Map.of("fire", 3), 3, Map.of(), new Random(i)).stream()
                    .map(QuestionContent::id).sorted().toList());
        }
        assertThat(first.size()).isGreaterThan(1);
    }
}
