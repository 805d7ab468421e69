package anquanli.quiz.bank;

import anquanli.quiz.attempt.QuestionDrawer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bank in quiz-bank/ as it ships: every file valid, every question citing an edition of the law register that is
 * in force throughout the coming June, no repeated or near-repeated stems, every category a mix of the three types,
 * and the default category mix playable every day of a 30-day June without one participant meeting a question twice.
 */
class QuizBankFilesTest {

    private static final Path BANK = Path.of("quiz-bank");
    /** Stems sharing this much of their character pairs read as the same question. */
    private static final double NEAR_DUPLICATE = 0.8;

    private static Map<LawRegister.Key, LawRegister.Law> register;
    private static List<BankQuestion> questions;
    private static List<String> defects;

    @BeforeAll
    static void readTheBank() {
        Map<String, String> files = BankImportAtStart.readDirectory(BANK);
        defects = new ArrayList<>();
        LawRegister.Parsed laws = LawRegister.parse(LawRegister.FILE, files.get(LawRegister.FILE));
        laws.defects().forEach(d -> defects.add(d.toString()));
        register = laws.laws().stream().collect(Collectors.toMap(LawRegister.Law::key, Function.identity()));
        BankParser.Categories categories = BankParser.parseCategories(QuestionBankService.CATEGORIES_FILE,
                files.get(QuestionBankService.CATEGORIES_FILE));
        categories.defects().forEach(d -> defects.add(d.toString()));
        questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey().equals(LawRegister.FILE) || f.getKey().equals(QuestionBankService.CATEGORIES_FILE)) {
                continue;
            }
            BankParser.FileResult r = LawRegister.checkReferences(
                    BankParser.parse(f.getKey(), f.getValue(), categories.names().keySet(), ids), register);
            r.defects().forEach(d -> defects.add(d.toString()));
            r.questions().forEach(q -> ids.add(q.id()));
            questions.addAll(r.questions());
        }
    }

    /** The next campaign's June: this year's until it is over, then next year's. */
    private static LocalDate[] comingJune() {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        int year = today.getMonthValue() > Month.JUNE.getValue() ? today.getYear() + 1 : today.getYear();
        return new LocalDate[]{LocalDate.of(year, 6, 1), LocalDate.of(year, 6, 30)};
    }

    @Test
    void everyFileAndTheRegisterAreValid() {
        assertThat(defects).isEmpty();
        assertThat(questions).hasSizeGreaterThanOrEqualTo(500);
        assertThat(questions).as("each file holds the questions of the category it is named after")
                .allMatch(q -> q.file().equals(q.category() + ".yaml"));
    }

    @Test
    void everyQuestionCitesARegisteredEditionInForceThroughTheComingJune() {
        LocalDate[] june = comingJune();
        Map<String, String> wrong = new TreeMap<>();
        for (BankQuestion q : questions) {
            LawRegister.Status status = LawRegister.status(q.reference(), register, june[0], june[1]);
            if (status != LawRegister.Status.IN_FORCE) {
                wrong.put(q.id(), status + (q.reference() == null ? "" : " " + q.reference().law() + " "
                        + q.reference().edition()));
            }
        }
        assertThat(wrong).as("questions not citing an edition in force %s to %s", june[0], june[1]).isEmpty();
    }

    @Test
    void stemsAreUniqueAndNoTwoAreNearlyTheSame() {
        List<String> normal = questions.stream().map(q -> normalise(q.stem())).toList();
        List<Set<String>> pairs = normal.stream().map(QuizBankFilesTest::bigrams).toList();
        List<String> similar = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            for (int j = i + 1; j < questions.size(); j++) {
                double jaccard = jaccard(pairs.get(i), pairs.get(j));
                if (normal.get(i).equals(normal.get(j)) || jaccard >= NEAR_DUPLICATE) {
                    similar.add(questions.get(i).id() + " ~ " + questions.get(j).id()
                            + String.format(" (%.2f)", jaccard));
                }
            }
        }
        assertThat(similar).isEmpty();
    }

    @Test
    void theSimilarityMeasureCatchesARewordedStem() {
        String a = normalise("发现火灾，应当立即拨打的火警电话是（ ）。");
        String b = normalise("发现火灾时，应当立即拨打的火警电话是（ ）？");
        String other = normalise("电动自行车不得在建筑物的楼道内停放和充电。");
        assertThat(jaccard(bigrams(a), bigrams(b))).isGreaterThanOrEqualTo(NEAR_DUPLICATE);
        assertThat(jaccard(bigrams(a), bigrams(other))).isLessThan(0.2);
    }

    @Test
    void everyCategoryMixesTheThreeTypes() {
        Map<String, Set<QuestionType>> types = new TreeMap<>();
        questions.forEach(q -> types.computeIfAbsent(q.category(), c -> EnumSet.noneOf(QuestionType.class)).add(q.type()));
        assertThat(types).allSatisfy((category, t) -> assertThat(t).as(category).containsExactlyInAnyOrder(
                QuestionType.values()));
    }

    @Test
    void theDefaultMixRunsAWholeJuneForOneParticipantWithoutARepeat() throws IOException {
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"),
                StandardCharsets.UTF_8)) {
            config.load(in);
        }
        Map<String, Integer> mix = new TreeMap<>();
        String prefix = "anquanli.campaign.seed.category-mix.";
        config.stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> mix.put(k.substring(prefix.length()), Integer.parseInt(config.getProperty(k).strip())));
        int perAttempt = Integer.parseInt(config.getProperty("anquanli.campaign.seed.questions-per-attempt").strip());
        int perDay = Integer.parseInt(config.getProperty("anquanli.campaign.seed.attempts-per-day").strip());
        assertThat(mix.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(perAttempt);

        Map<String, List<QuestionContent>> bank = new HashMap<>();
        for (BankQuestion q : questions) {
            bank.computeIfAbsent(q.category(), c -> new ArrayList<>()).add(new QuestionContent(q.id(), 1, q.type(),
                    q.category(), q.difficulty(), q.stem(), q.options(), q.answer(), q.explanation(), q.reference()));
        }
        assertThat(bank.keySet()).containsAll(mix.keySet());
        // A few participants, each with their own luck in the ties, play every attempt of every day of June.
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            Map<String, Integer> seen = new HashMap<>();
            for (int attempt = 0; attempt < 30 * perDay; attempt++) {
                for (QuestionContent q : QuestionDrawer.draw(bank, mix, perAttempt, seen, random)) {
                    assertThat(seen.merge(q.id(), 1, Integer::sum))
                            .as("participant %d meets %s again in attempt %d", seed, q.id(), attempt + 1).isEqualTo(1);
                }
            }
            assertThat(seen).hasSize(30 * perDay * perAttempt);
        }
    }

    /** What a reader compares: the characters of the stem without spaces, punctuation and the blank's brackets. */
    static String normalise(String stem) {
        return stem.replaceAll("[\\s\\p{P}\\p{S}（）]", "");
    }

    static Set<String> bigrams(String s) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 2 <= s.length(); i++) {
            out.add(s.substring(i, i + 2));
        }
        return out;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return (double) both.size() / (a.size() + b.size() - both.size());
    }
}
