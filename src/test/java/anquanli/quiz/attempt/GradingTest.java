package anquanli.quiz.attempt;

import anquanli.quiz.bank.BankQuestion;
import anquanli.quiz.bank.QuestionContent;
import anquanli.quiz.bank.QuestionType;
import anquanli.quiz.campaign.Campaign;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GradingTest {

    private static final Campaign.Rules RULES = new Campaign.Rules(1, 15, 30, 5, 3, 10, 20, Map.of());

    private static QuestionContent multiple() {
        return new QuestionContent("m-1", 1, QuestionType.MULTIPLE, "fire", 2, "stem",
                List.of(new BankQuestion.Option("A", "a"), new BankQuestion.Option("B", "b"),
                        new BankQuestion.Option("C", "c"), new BankQuestion.Option("D", "d")),
                List.of("A", "C"), "why", null);
    }

    private static Set<String> idsFor(List<Grading.ShownOption> shown, String... keys) {
        Set<String> ids = new HashSet<>();
        for (Grading.ShownOption o : shown) {
            if (List.of(keys).contains(o.key())) {
                ids.add(o.id());
            }
        }
        return ids;
    }

    @Test
    void multipleChoiceNeedsExactlyTheRightSet() {
        QuestionContent q = multiple();
        List<Grading.ShownOption> shown = Grading.present(q, new Random());

        assertThat(Grading.correct(q, shown, idsFor(shown, "A", "C"))).isTrue();
        assertThat(Grading.correct(q, shown, idsFor(shown, "A"))).isFalse();
        assertThat(Grading.correct(q, shown, idsFor(shown, "A", "B", "C"))).isFalse();
        assertThat(Grading.correctIds(q, shown)).containsExactlyInAnyOrderElementsOf(idsFor(shown, "A", "C"));
    }

    @Test
    void optionsAreShuffledPerAttemptWithFreshIds() {
        QuestionContent q = multiple();
        Set<List<String>> orders = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            List<Grading.ShownOption> shown = Grading.present(q, new Random(i));
            orders.add(shown.stream().map(Grading.ShownOption::key).toList());
            shown.forEach(o -> ids.add(o.id()));
        }
        assertThat(orders.size()).isGreaterThan(1);
        assertThat(ids).hasSize(80);
    }

    @Test
    void optionIdsUseEveryCharacterOfTheAlphabetInEveryPosition() {
        // Ids are read off the digits of one random number: a slip there (a digit never reached, a position stuck)
        // would make ids guessable and repeat, which this catches.
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        List<Set<Character>> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seen.add(new HashSet<>());
        }
        Set<String> ids = new HashSet<>();
        for (int n = 0; n < 2_000; n++) {
            for (Grading.ShownOption o : Grading.present(multiple(), new Random(n))) {
                assertThat(o.id()).hasSize(8).matches("[" + alphabet + "]{8}");
                ids.add(o.id());
                for (int i = 0; i < 8; i++) {
                    seen.get(i).add(o.id().charAt(i));
                }
            }
        }
        seen.forEach(position -> assertThat(position).hasSize(alphabet.length()));
        assertThat(ids).hasSize(8_000);
    }

    @Test
    void trueFalseKeepsItsOrder() {
        QuestionContent q = new QuestionContent("t-1", 1, QuestionType.TRUE_FALSE, "fire", 1, "statement",
                List.of(), List.of(BankQuestion.FALSE), "why", null);
        List<Grading.ShownOption> shown = Grading.present(q, new Random());

        assertThat(shown).extracting(Grading.ShownOption::key).containsExactly(BankQuestion.TRUE, BankQuestion.FALSE);
        assertThat(Grading.text(q, BankQuestion.TRUE)).isEqualTo("正确");
        assertThat(Grading.correct(q, shown, Set.of(shown.get(1).id()))).isTrue();
    }

    @Test
    void pointsAddThePerfectBonus() {
        assertThat(Grading.points(RULES, 14, 15)).isEqualTo(140);
        assertThat(Grading.points(RULES, 15, 15)).isEqualTo(170);
        assertThat(Grading.points(RULES, 0, 15)).isZero();
    }

    @Test
    void everyFiveCorrectEarnOneChance() {
        // The day's cap, which spans attempts, is applied when the attempt closes (AttemptTest).
        assertThat(Grading.chancesEarned(RULES, 4)).isZero();
        assertThat(Grading.chancesEarned(RULES, 5)).isEqualTo(1);
        assertThat(Grading.chancesEarned(RULES, 14)).isEqualTo(2);
        assertThat(Grading.chancesEarned(RULES, 15)).isEqualTo(3);
    }
}
