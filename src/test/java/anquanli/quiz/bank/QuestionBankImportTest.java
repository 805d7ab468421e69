package anquanli.quiz.bank;

import anquanli.Api;
import anquanli.Db;
import anquanli.Play;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class QuestionBankImportTest {

    @Inject
    QuestionBankService bank;
    @Inject
    Db db;
    @Inject
    Play play;

    private static final String CATEGORIES = "categories:\n  - code: test-only\n    name: 测试专用\n";

    private static String file(String idPrefix, String answer) {
        return """
                category: test-only
                questions:
                  - id: %1$s-1
                    type: single
                    difficulty: 1
                    stem: 测试题干一（ ）。
                    options:
                      A: 甲
                      B: 乙
                    answer: %2$s
                    explanation: 测试解析。
                  - id: %1$s-2
                    type: true-false
                    difficulty: 2
                    stem: 测试判断题。
                    answer: true
                    explanation: 测试解析。
                """.formatted(idPrefix, answer);
    }

    private QuestionBankService.ImportReport importFiles(Map<String, String> files) {
        return bank.importFiles(files).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void defectiveFileImportsNothingWhileValidFilesImport() {
        String good = "t" + UUID.randomUUID().toString().substring(0, 8);
        String bad = "t" + UUID.randomUUID().toString().substring(0, 8);

        var report = importFiles(Map.of("categories.yaml", CATEGORIES, "a-good.yaml", file(good, "A"),
                "b-bad.yaml", file(bad, "C")));

        assertThat(report.files()).filteredOn(f -> f.file().equals("b-bad.yaml")).singleElement()
                .satisfies(f -> assertThat(f.defects()).containsExactly(
                        "b-bad.yaml:10: question " + bad + "-1: the answer of a single-choice question is one "
                                + "option key, found 'C'"));
        assertThat(db.count("select count(*) from question where id like ?", bad + "%")).isZero();
        assertThat(db.count("select count(*) from question where id like ?", good + "%")).isEqualTo(2);
    }

    @Test
    void reimportIsIdempotentAndAnEditMakesANewVersion() {
        String id = "t" + UUID.randomUUID().toString().substring(0, 8);
        importFiles(Map.of("categories.yaml", CATEGORIES, "x.yaml", file(id, "A")));

        var again = importFiles(Map.of("x.yaml", file(id, "A")));
        assertThat(again.created()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(db.count("select count(*) from question_version where question_id = ?", id + "-1")).isEqualTo(1);

        var edited = importFiles(Map.of("x.yaml", file(id, "B")));
        assertThat(edited.updated()).isEqualTo(1);
        assertThat(db.row("select current_version from question where id = ?", id + "-1").get("current_version"))
                .isEqualTo(2);
        assertThat(db.rows("select answer::text as a from question_version where question_id = ? order by version",
                id + "-1")).extracting(r -> r.get("a")).containsExactly("[\"A\"]", "[\"B\"]");
    }

    @Test
    void recordedAnswersKeepTheVersionTheyWereShown() {
        Api.Session s = Api.player();
        String attempt = play.start(s, Api.currentCampaignId());
        play.current(s, attempt);
        List<String> right = new ArrayList<>(db.correctOptionIds(attempt, 1));
        JsonPath first = play.answer(s, attempt, 1, right).statusCode(200).extract().jsonPath();
        Map<String, Object> shown = db.row("select question_id, question_version from attempt_question "
                + "where attempt_id = ? and idx = 0", UUID.fromString(attempt));
        String questionId = (String) shown.get("question_id");
        Map<String, Object> source = db.row("select source_file, category from question where id = ?", questionId);

        // Edit the explanation of that very question in a copy of its file and import it.
        String text = BankImportAtStart.readDirectory(Path.of("quiz-bank")).get((String) source.get("source_file"));
        String original = first.getString("explanation");
        assertThat(text).contains(original);
        importFiles(Map.of((String) source.get("source_file"), text.replace(original, "修订后的解析。")));

        JsonPath replay = play.answer(s, attempt, 1, right).statusCode(200).extract().jsonPath();
        assertThat(replay.getString("explanation")).isEqualTo(original);
        assertThat(db.row("select question_version from attempt_question where attempt_id = ? and idx = 0",
                UUID.fromString(attempt)).get("question_version")).isEqualTo(shown.get("question_version"));

        // Put the shipped text back (as a further version) so other tests see the bank as shipped.
        importFiles(Map.of((String) source.get("source_file"), text));
    }
}
