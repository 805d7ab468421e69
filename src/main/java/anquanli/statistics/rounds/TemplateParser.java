package anquanli.statistics.rounds;

import anquanli.statistics.rounds.ReportTemplate.Field;
import anquanli.statistics.rounds.ReportTemplate.FieldType;
import anquanli.statistics.rounds.ReportTemplate.Line;
import anquanli.statistics.rounds.ReportTemplate.Section;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a template from YAML and checks all of it before anything is used: every defect is reported (as
 * {@code path: message}), and a template with one defect is refused whole. The format:
 * <pre>
 * title: 2021年全国“安全生产月”活动进展情况统计表
 * sections:
 *   - id: study
 *     title: 学习习近平总书记关于安全生产重要论述
 *     lines:
 *       - id: study-group
 *         item: 理论学习中心组学习
 *         requirement: 理论学习中心组学习（ ）次，参与（ ）人次
 *         fields:
 *           - {id: study-group-sessions, type: count, unit: 次}
 *           - {id: study-group-people, type: count, unit: 人次}
 * </pre>
 * Field types: {@code count} (with a unit of {@link ReportTemplate#UNITS}), {@code yes-no}, {@code text}; a count may
 * name a {@code source} instead of being typed: {@code <section key>.<column key>} of the progress report.
 */
public final class TemplateParser {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    private static final Set<String> TOP = Set.of("title", "sections");
    private static final Set<String> SECTION = Set.of("id", "title", "lines");
    private static final Set<String> LINE = Set.of("id", "item", "requirement", "fields");
    private static final Set<String> FIELD = Set.of("id", "type", "unit", "source");

    /** The template, or the defects that refuse it. */
    public record Result(ReportTemplate template, List<String> defects) {
    }

    private final Map<String, Set<String>> measurable;
    private final List<String> defects = new ArrayList<>();
    /** Ids are unique among sections, among lines and among fields (entries are keyed by field id). */
    private final Set<String> sectionIds = new HashSet<>();
    private final Set<String> lineIds = new HashSet<>();
    private final Set<String> fieldIds = new HashSet<>();

    /** @param measurable what a source may name: progress-report section key → its column keys */
    private TemplateParser(Map<String, Set<String>> measurable) {
        this.measurable = measurable;
    }

    public static Result parse(String yaml, Map<String, Set<String>> measurable) {
        return new TemplateParser(measurable).read(yaml);
    }

    private Result read(String yaml) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(0);
            options.setCodePointLimit(1_000_000);
            root = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            return new Result(null, List.of("YAML: " + e.getMessage().lines().findFirst().orElse("unreadable")));
        }
        Map<?, ?> top = map(root, "template", TOP);
        if (top == null) {
            return new Result(null, defects);
        }
        String title = text(top.get("title"), "title", 100);
        List<Section> sections = new ArrayList<>();
        List<?> list = list(top.get("sections"), "sections");
        for (int i = 0; i < list.size(); i++) {
            Section s = section(list.get(i), "sections[" + i + "]");
            if (s != null) {
                sections.add(s);
            }
        }
        return defects.isEmpty() ? new Result(new ReportTemplate(title, sections), List.of())
                : new Result(null, List.copyOf(defects));
    }

    private Section section(Object node, String path) {
        Map<?, ?> m = map(node, path, SECTION);
        if (m == null) {
            return null;
        }
        String id = id(m.get("id"), path, sectionIds);
        String title = text(m.get("title"), path + ".title", 100);
        List<Line> lines = new ArrayList<>();
        List<?> list = list(m.get("lines"), path + ".lines");
        for (int i = 0; i < list.size(); i++) {
            Line l = line(list.get(i), path + ".lines[" + i + "]");
            if (l != null) {
                lines.add(l);
            }
        }
        return new Section(id, title, lines);
    }

    private Line line(Object node, String path) {
        Map<?, ?> m = map(node, path, LINE);
        if (m == null) {
            return null;
        }
        String id = id(m.get("id"), path, lineIds);
        String item = text(m.get("item"), path + ".item", 200);
        String requirement = text(m.get("requirement"), path + ".requirement", 500);
        List<Field> fields = new ArrayList<>();
        List<?> list = list(m.get("fields"), path + ".fields");
        for (int i = 0; i < list.size(); i++) {
            Field f = field(list.get(i), path + ".fields[" + i + "]");
            if (f != null) {
                fields.add(f);
            }
        }
        if (requirement != null && fields.size() == list.size()) {
            checkBlanks(requirement, fields, path);
        }
        return new Line(id, item, requirement, fields);
    }

    /** The requirement's blanks, in order, must be the line's counts and yes/no boxes. */
    private void checkBlanks(String requirement, List<Field> fields, String path) {
        List<FieldType> blanks = new ArrayList<>();
        for (int i = 0; i < requirement.length(); ) {
            if (requirement.startsWith(ReportTemplate.COUNT_BLANK, i)) {
                blanks.add(FieldType.COUNT);
                i += ReportTemplate.COUNT_BLANK.length();
            } else if (requirement.startsWith(ReportTemplate.YES_NO_BLANK, i)) {
                blanks.add(FieldType.YES_NO);
                i += ReportTemplate.YES_NO_BLANK.length();
            } else {
                i++;
            }
        }
        List<FieldType> expected = fields.stream().map(Field::type).filter(t -> t != FieldType.TEXT).toList();
        if (!blanks.equals(expected)) {
            defects.add(path + ".requirement: its blanks " + blanks + " do not match the fields " + expected
                    + " (a count is written " + ReportTemplate.COUNT_BLANK + ", a yes/no box "
                    + ReportTemplate.YES_NO_BLANK + ")");
        }
    }

    private Field field(Object node, String path) {
        Map<?, ?> m = map(node, path, FIELD);
        if (m == null) {
            return null;
        }
        String id = id(m.get("id"), path, fieldIds);
        FieldType type = null;
        Object t = m.get("type");
        if (!(t instanceof String s)) {
            defects.add(path + ".type: count, yes-no or text");
        } else {
            try {
                type = FieldType.valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                defects.add(path + ".type: " + s + " is not count, yes-no or text");
            }
        }
        String unit = m.get("unit") == null ? null : m.get("unit").toString();
        String source = m.get("source") == null ? null : m.get("source").toString();
        if (type == FieldType.COUNT && !ReportTemplate.UNITS.contains(unit)) {
            defects.add(path + ".unit: a count needs one of " + ReportTemplate.UNITS + ", not " + unit);
        }
        if (type != FieldType.COUNT && unit != null) {
            defects.add(path + ".unit: only a count has a unit");
        }
        if (source != null) {
            if (type != FieldType.COUNT) {
                defects.add(path + ".source: only a count is measured");
            }
            String[] parts = source.split("\\.", 2);
            if (parts.length != 2 || !measurable.getOrDefault(parts[0], Set.of()).contains(parts[1])) {
                defects.add(path + ".source: " + source + " is not a figure the service measures (one of "
                        + String.join(", ", measurable.entrySet().stream().flatMap(e -> e.getValue().stream()
                        .map(c -> e.getKey() + "." + c)).sorted().toList()) + ")");
            }
        }
        return id == null || type == null ? null : new Field(id, type, unit, source);
    }

    private String id(Object node, String path, Set<String> ids) {
        if (!(node instanceof String s) || !ID.matcher(s).matches()) {
            defects.add(path + ".id: 1-48 characters of a-z, 0-9 and -, starting with a letter or digit");
            return null;
        }
        if (!ids.add(s)) {
            defects.add(path + ".id: " + s + " is used twice");
        }
        return s;
    }

    private String text(Object node, String path, int max) {
        if (!(node instanceof String s) || s.isBlank()) {
            defects.add(path + ": required text");
            return null;
        }
        if (s.length() > max) {
            defects.add(path + ": at most " + max + " characters");
        }
        return s.strip();
    }

    private List<?> list(Object node, String path) {
        if (!(node instanceof List<?> l) || l.isEmpty()) {
            defects.add(path + ": a non-empty list");
            return List.of();
        }
        return l;
    }

    private Map<?, ?> map(Object node, String path, Set<String> keys) {
        if (!(node instanceof Map<?, ?> m)) {
            defects.add(path + ": a mapping");
            return null;
        }
        for (Object k : m.keySet()) {
            if (!keys.contains(String.valueOf(k))) {
                defects.add(path + ": unknown key " + k + " (allowed: " + String.join(", ", keys.stream().sorted()
                        .toList()) + ")");
            }
        }
        return m;
    }
}
