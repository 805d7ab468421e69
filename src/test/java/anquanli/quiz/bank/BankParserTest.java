package anquanli.quiz.bank;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BankParserTest {

    private static final Set<String> CATEGORIES = Set.of("fire", "safety-law");

    private static final String VALID = """
            category: fire
            questions:
              - id: fire-901
                type: single
                difficulty: 1
                stem: 火警电话是（ ）。
                options:
                  A: "110"
                  B: "119"
                answer: B
                explanation: 119是火警电话。
                reference:
                  law: 中华人民共和国消防法
                  article: 第四十四条
              - id: fire-902
                type: multiple
                difficulty: 2
                stem: 下列属于灭火基本方法的有（ ）。
                options:
                  A: 冷却
                  B: 窒息
                  C: 隔离
                  D: 助燃
                answer: [A, B, C]
                explanation: 冷却、窒息、隔离和化学抑制是灭火的基本方法。
              - id: fire-903
                type: true-false
                difficulty: 1
                stem: 电动自行车可以在楼道内充电。
                answer: false
                explanation: 楼道是疏散通道，充电起火会堵塞逃生路线。
            """;

    private static BankParser.FileResult parse(String text) {
        return BankParser.parse("fire.yaml", text, CATEGORIES, Set.of());
    }

    private static List<String> defects(String text) {
        return parse(text).defects().stream().map(BankDefect::toString).toList();
    }

    @Test
    void validFileParsesEveryQuestionType() {
        BankParser.FileResult r = parse(VALID);

        assertThat(r.defects()).isEmpty();
        assertThat(r.questions()).extracting(BankQuestion::id).containsExactly("fire-901", "fire-902", "fire-903");
        BankQuestion single = r.questions().get(0);
        assertThat(single.answer()).containsExactly("B");
        assertThat(single.options()).extracting(BankQuestion.Option::text).containsExactly("110", "119");
        assertThat(single.reference().article()).isEqualTo("第四十四条");
        assertThat(single.line()).isEqualTo(3);
        assertThat(r.questions().get(1).answer()).containsExactly("A", "B", "C");
        assertThat(r.questions().get(2).answer()).containsExactly(BankQuestion.FALSE);
        assertThat(r.questions().get(2).options()).isEmpty();
    }

    @Test
    void answerNotAmongOptionsNamesFileLineAndQuestion() {
        List<String> d = defects(VALID.replace("answer: B", "answer: E"));

        assertThat(d).containsExactly("fire.yaml:10: question fire-901: the answer of a single-choice question is "
                + "one option key, found 'E'");
    }

    @Test
    void aDefectRejectsTheWholeFile() {
        BankParser.FileResult r = parse(VALID.replace("answer: [A, B, C]", "answer: [A, X]"));

        assertThat(r.valid()).isFalse();
        assertThat(r.questions()).isEmpty();
        assertThat(r.defects()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(24);
            assertThat(d.questionId()).isEqualTo("fire-902");
        });
    }

    @Test
    void reportsEveryKindOfDefect() {
        assertThat(defects(VALID.replace("type: single", "type: essay"))).singleElement().asString()
                .contains(":4:").contains("type must be single, multiple or true-false");
        assertThat(defects(VALID.replace("difficulty: 2", "difficulty: 7"))).singleElement().asString()
                .contains("difficulty must be a whole number from 1 to 3");
        assertThat(defects(VALID.replace("stem: 火警电话是（ ）。", "stem: \"\""))).singleElement().asString()
                .contains("stem must be non-empty text");
        assertThat(defects(VALID.replace("      B: \"119\"", "      C: \"119\""))).singleElement().asString()
                .contains("expected B but found C");
        assertThat(defects(VALID.replace("      B: 窒息", "      B: 冷却"))).singleElement().asString()
                .contains("repeats the text");
        assertThat(defects(VALID.replace("answer: [A, B, C]", "answer: [A]"))).singleElement().asString()
                .contains("at least 2 keys");
        assertThat(defects(VALID.replace("    answer: false", "    options:\n      A: 对\n    answer: false")))
                .singleElement().asString().contains("true-false question has no options");
        assertThat(defects(VALID.replace("    answer: false", "    answer: maybe"))).singleElement().asString()
                .contains("true or false");
        assertThat(defects(VALID.replace("    explanation: 119是火警电话。\n", ""))).singleElement().asString()
                .contains("explanation is missing");
        assertThat(defects(VALID.replace("  - id: fire-902", "  - id: fire-901"))).singleElement().asString()
                .contains("fire-901").contains("id is used by another question");
        assertThat(defects(VALID.replace("category: fire", "category: cooking"))).singleElement().asString()
                .contains("fire.yaml:1:").contains("not in categories.yaml");
        assertThat(defects(VALID.replace("    difficulty: 1\n    stem: 火警", "    difficulty: 1\n    hint: x\n    stem: 火警")))
                .singleElement().asString().contains("unknown key 'hint'");
        assertThat(defects(VALID.replace("  - id: fire-902", "  - id: Fire 902"))).singleElement().asString()
                .contains("id must be");
    }

    @Test
    void brokenYamlIsReportedWithItsLine() {
        List<String> d = defects("category: fire\nquestions:\n  - id: [unclosed\n");

        assertThat(d).singleElement().asString().startsWith("fire.yaml:").contains("not valid YAML");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThat(defects(VALID.replace("    answer: B\n", "    answer: B\n    answer: A\n"))).isNotEmpty();
    }

    @Test
    void idTakenByAnotherFileIsADefect() {
        BankParser.FileResult r = BankParser.parse("fire.yaml", VALID, CATEGORIES, Set.of("fire-903"));

        assertThat(r.defects()).singleElement().satisfies(d -> assertThat(d.questionId()).isEqualTo("fire-903"));
    }

    @Test
    void categoriesFileIsValidated() {
        var r = BankParser.parseCategories("categories.yaml", "categories:\n  - code: Fire Safety\n    name: 消防\n");
        assertThat(r.defects()).singleElement().asString().contains("categories.yaml:2:");
        assertThat(BankParser.parseCategories("categories.yaml", "categories:\n  - code: fire\n    name: 消防\n")
                .names()).isEqualTo(Map.of("fire", "消防"));
    }

    @Test
    void aLineOverTenThousandCharactersIsADefectNotAMinuteOfScanning() {
        long started = System.nanoTime();
        List<String> found = defects("category: fire\nquestions: " + "x".repeat(3_000_000) + "\n");
        assertThat(found).singleElement().asString().contains("fire.yaml:2:").contains("longer than 10000 characters");
        assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
    }
}
