package anquanli.statistics.rounds;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A progress report's table (进展情况统计表): sections of lines, each line an activity item (活动项目) and its
 * requirement (内容要求) with blanks to fill. A blank is a field: a count in one of the notices' units, a yes/no box
 * (□是□否) or a short text (条目式简要表述). A field with a {@code source} is measured by the service (a column of a
 * progress-report section, e.g. {@code competition.attempts}): filled in automatically, never typed.
 * <p>
 * In a requirement, each count is written {@code （ ）} and each yes/no box {@code □是□否}, in the order of the line's
 * fields; texts follow the requirement.
 */
public record ReportTemplate(String title, List<Section> sections) {

    public static final String COUNT_BLANK = "（ ）";
    public static final String YES_NO_BLANK = "□是□否";
    /** The units the notices count in. */
    public static final List<String> UNITS = List.of("次", "场", "人次", "篇", "个", "部", "条", "条次");
    public static final int MAX_TEXT = 200;

    public enum FieldType { COUNT, YES_NO, TEXT }

    public record Section(String id, String title, List<Line> lines) {
    }

    public record Line(String id, String item, String requirement, List<Field> fields) {
    }

    public record Field(String id, FieldType type, String unit, String source) {

        public boolean measured() {
            return source != null;
        }
    }

    public Stream<Field> fields() {
        return sections.stream().flatMap(s -> s.lines().stream()).flatMap(l -> l.fields().stream());
    }

    public Optional<Field> field(String id) {
        return fields().filter(f -> f.id().equals(id)).findFirst();
    }
}
