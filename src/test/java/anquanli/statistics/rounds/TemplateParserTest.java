package anquanli.statistics.rounds;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateParserTest {

    private static final Map<String, Set<String>> MEASURABLE = Map.of(
            "competition", Set.of("attempts", "participants"),
            "hazards", Set.of("reports"),
            "activities", Set.of("consultationEvents", "consultationParticipants", "lectureEvents",
                    "lectureParticipants", "warningFilmEvents", "warningFilmParticipants", "warningExhibitionEvents",
                    "warningExhibitionParticipants", "onlineEvents", "onlineParticipants", "drillEvents",
                    "drillParticipants", "openDayEvents", "openDayParticipants"));

    private static final String ONE_LINE = """
            title: 测试表
            sections:
              - id: s1
                title: 第一部分
                lines:
                  - id: l1
                    item: 理论学习中心组学习
                    requirement: 理论学习中心组学习（ ）次，参与（ ）人次，是否通报 □是□否
                    fields:
                      - {id: f1, type: count, unit: 次}
                      - {id: f2, type: count, unit: 人次, source: competition.attempts}
                      - {id: f3, type: yes-no}
                      - {id: f4, type: text}
            """;

    @Test
    void theShippedNationalTemplateIsValid() throws Exception {
        String yaml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RoundService.DEFAULT_TEMPLATE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TemplateParser.Result r = TemplateParser.parse(yaml, MEASURABLE);

        assertThat(r.defects()).isEmpty();
        assertThat(r.template().sections()).extracting(ReportTemplate.Section::title).contains(
                "学习习近平总书记关于安全生产重要论述", "专项整治等宣传活动", "“安全生产万里行”活动",
                "“6·16安全宣传咨询日”活动", "推进安全宣传“五进”活动");
        assertThat(r.template().fields().filter(ReportTemplate.Field::measured).map(ReportTemplate.Field::source))
                .contains("competition.attempts", "hazards.reports", "activities.consultationEvents");
        assertThat(r.template().sections().get(r.template().sections().size() - 1).lines()).hasSize(6);
    }

    @Test
    void aWellFormedTemplateReadsWithEveryFieldType() {
        TemplateParser.Result r = TemplateParser.parse(ONE_LINE, MEASURABLE);

        assertThat(r.defects()).isEmpty();
        assertThat(r.template().fields().map(ReportTemplate.Field::type)).containsExactly(
                ReportTemplate.FieldType.COUNT, ReportTemplate.FieldType.COUNT, ReportTemplate.FieldType.YES_NO,
                ReportTemplate.FieldType.TEXT);
        assertThat(r.template().field("f2").orElseThrow().measured()).isTrue();
    }

    @Test
    void everyDefectIsReportedAndNoTemplateComesOut() {
        String bad = ONE_LINE.replace("unit: 次}", "unit: 斤}").replace("id: f3", "id: f1")
                .replace("competition.attempts", "competition.nothing").replace("type: text", "type: essay")
                .replace("title: 第一部分", "title: 第一部分\n    colour: red");

        TemplateParser.Result r = TemplateParser.parse(bad, MEASURABLE);

        assertThat(r.template()).isNull();
        assertThat(r.defects()).anyMatch(d -> d.contains("sections[0].lines[0].fields[0].unit"))
                .anyMatch(d -> d.contains("f1 is used twice"))
                .anyMatch(d -> d.contains("competition.nothing is not a figure"))
                .anyMatch(d -> d.contains("essay is not count, yes-no or text"))
                .anyMatch(d -> d.contains("unknown key colour"));
    }

    @Test
    void blanksMustMatchTheFieldsInOrder() {
        TemplateParser.Result r = TemplateParser.parse(ONE_LINE.replace("，是否通报 □是□否", ""), MEASURABLE);

        assertThat(r.template()).isNull();
        assertThat(r.defects()).singleElement().asString().contains("requirement: its blanks");
    }

    @Test
    void unreadableYamlIsOneDefect() {
        assertThat(TemplateParser.parse("title: [unclosed", MEASURABLE).defects()).singleElement().asString()
                .startsWith("YAML:");
        assertThat(TemplateParser.parse("- just a list", MEASURABLE).defects()).containsExactly("template: a mapping");
    }
}
