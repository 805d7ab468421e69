package anquanli.quiz.bank;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LawRegisterTest {

    private static final String REGISTER = """
            laws:
              - title: 中华人民共和国突发事件应对法
                edition: 2007年通过
                level: 法律
                in-force: 2007-11-01
                superseded-by:
                  edition: 2024年修订
                  from: 2024-11-01
              - title: 中华人民共和国突发事件应对法
                edition: 2024年修订
                level: 法律
                adopted: 2024-06-28
                in-force: 2024-11-01
              - title: 燃气工程项目规范
                edition: GB 55009—2021
                level: 国家标准
                in-force: 2022-01-01
            """;

    private static Map<LawRegister.Key, LawRegister.Law> register() {
        LawRegister.Parsed parsed = LawRegister.parse("laws.yaml", REGISTER);
        assertThat(parsed.defects()).isEmpty();
        return parsed.laws().stream().collect(java.util.stream.Collectors.toMap(LawRegister.Law::key, l -> l));
    }

    @Test
    void anEditionIsInForceFromItsDayUntilItsReplacement() {
        var laws = register();
        var old = laws.get(new LawRegister.Key("中华人民共和国突发事件应对法", "2007年通过"));
        var current = laws.get(new LawRegister.Key("中华人民共和国突发事件应对法", "2024年修订"));
        assertThat(old.supersededByTitle()).isEqualTo("中华人民共和国突发事件应对法");
        assertThat(old.during(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 30))).isEqualTo(LawRegister.Status.IN_FORCE);
        // Replaced on the window's last day: not in force on every day of it.
        assertThat(old.during(LocalDate.of(2024, 10, 1), LocalDate.of(2024, 11, 1))).isEqualTo(LawRegister.Status.SUPERSEDED);
        assertThat(current.during(LocalDate.of(2024, 10, 31), LocalDate.of(2024, 11, 30)))
                .isEqualTo(LawRegister.Status.NOT_YET_IN_FORCE);
        assertThat(current.during(LocalDate.of(2024, 11, 1), LocalDate.of(2027, 6, 30))).isEqualTo(LawRegister.Status.IN_FORCE);
        assertThat(LawRegister.status(null, laws, LocalDate.MIN, LocalDate.MAX)).isEqualTo(LawRegister.Status.NO_REFERENCE);
        assertThat(LawRegister.status(new BankQuestion.LegalRef("某法", "第一条", "2020年"), laws,
                LocalDate.of(2027, 6, 1), LocalDate.of(2027, 6, 30))).isEqualTo(LawRegister.Status.UNREGISTERED);
    }

    @Test
    void everyDefectOfTheRegisterIsReportedWithItsLine() {
        LawRegister.Parsed parsed = LawRegister.parse("laws.yaml", """
                laws:
                  - title: 甲法
                    edition: 2020年
                    level: 法规
                    in-force: 2020-13-01
                  - title: 乙法
                    edition: 2021年
                    level: 法律
                    adopted: 2021-05-01
                    in-force: 2021-01-01
                    colour: red
                  - title: 乙法
                    edition: 2021年
                    level: 法律
                    in-force: 2021-01-01
                    superseded-by:
                      edition: 2022年
                      from: 2020-01-01
                """);
        assertThat(parsed.laws()).isEmpty();
        assertThat(parsed.defects()).extracting(BankDefect::toString).containsExactlyInAnyOrder(
                "laws.yaml:5: in-force must be a date like 2021-09-01",
                "laws.yaml:4: level '法规' is not one of 法律、行政法规、部门规章、党内法规、规范性文件、国家标准、行业标准",
                "laws.yaml:11: unknown key 'colour'; allowed: adopted, document, edition, in-force, issuer, level, note, "
                        + "superseded-by, title",
                "laws.yaml:9: adopted 2021-05-01 is after in-force 2021-01-01",
                "laws.yaml:18: an edition is replaced after it took effect (2021-01-01)",
                "laws.yaml:12: 乙法（2021年） is registered twice (line 6)");
    }

    @Test
    void aQuestionMustCiteARegisteredEditionAndItsArticle() {
        String file = """
                category: fire
                questions:
                  - id: ok-1
                    type: true-false
                    difficulty: 1
                    stem: 燃气工程应当设置安全设施。
                    answer: true
                    explanation: 见规范。
                    reference: {law: 燃气工程项目规范, edition: GB 55009—2021}
                  - id: no-edition
                    type: true-false
                    difficulty: 1
                    stem: 发生突发事件应当报告。
                    answer: true
                    explanation: 见法律。
                    reference: {law: 中华人民共和国突发事件应对法, article: 第六十条}
                  - id: unregistered
                    type: true-false
                    difficulty: 1
                    stem: 某法规定了某事。
                    answer: true
                    explanation: 见某法。
                    reference: {law: 某法, article: 第一条, edition: 2020年}
                  - id: no-article
                    type: true-false
                    difficulty: 1
                    stem: 突发事件应对法已经修订。
                    answer: true
                    explanation: 2024年修订。
                    reference: {law: 中华人民共和国突发事件应对法, edition: 2024年修订}
                """;
        BankParser.FileResult parsed = BankParser.parse("x.yaml", file, Set.of("fire"), Set.of());
        assertThat(parsed.defects()).isEmpty();
        BankParser.FileResult checked = LawRegister.checkReferences(parsed, register());
        assertThat(checked.questions()).isEmpty();
        assertThat(checked.defects()).extracting(BankDefect::toString).containsExactly(
                "x.yaml:10: question no-edition: reference edition is missing: name the edition of "
                        + "中华人民共和国突发事件应对法 as laws.yaml registers it",
                "x.yaml:17: question unregistered: reference 某法（2020年） is not in the law register (laws.yaml)",
                "x.yaml:24: question no-article: reference article is missing: a 法律 is cited by article");
        // The one good question alone passes.
        String good = file.substring(0, file.indexOf("  - id: no-edition"));
        assertThat(LawRegister.checkReferences(BankParser.parse("y.yaml", good, Set.of("fire"), Set.of()), register())
                .questions()).extracting(BankQuestion::id).isEqualTo(List.of("ok-1"));
    }
}
