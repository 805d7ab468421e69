package anquanli.quiz.bank;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates question-bank YAML (format in quiz-bank/README.md). Works on the YAML node tree so every
 * defect can name its line. A file is accepted only when it has no defect at all.
 */
public final class BankParser {

    public static final Pattern ID = Pattern.compile("^[a-z][a-z0-9-]{2,39}$");
    private static final Set<String> FILE_KEYS = Set.of("category", "questions");
    private static final Set<String> QUESTION_KEYS =
            Set.of("id", "type", "difficulty", "stem", "options", "answer", "explanation", "reference");
    private static final Set<String> REFERENCE_KEYS = Set.of("law", "article", "edition");
    private static final String OPTION_KEYS = "ABCDEF";
    private static final int MAX_STEM = 500;
    private static final int MAX_TEXT = 1000;

    private BankParser() {
    }

    public record FileResult(String file, List<BankQuestion> questions, List<BankDefect> defects) {
        public boolean valid() {
            return defects.isEmpty();
        }
    }

    public record Categories(Map<String, String> names, List<BankDefect> defects) {
    }

    /** categories.yaml: {@code categories: [{code, name}, ...]}. */
    public static Categories parseCategories(String file, String text) {
        List<BankDefect> defects = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        Node root = compose(file, text, defects);
        if (root == null) {
            return new Categories(names, defects);
        }
        Ctx ctx = new Ctx(file, defects, null);
        MappingNode map = ctx.mapping(root, "the file");
        if (map == null) {
            return new Categories(names, defects);
        }
        Map<String, Node> top = ctx.fields(map, Set.of("categories"));
        SequenceNode list = top.get("categories") instanceof SequenceNode s ? s : null;
        if (list == null) {
            ctx.defect(map, "categories must be a list of {code, name}");
            return new Categories(names, defects);
        }
        for (Node item : list.getValue()) {
            MappingNode m = ctx.mapping(item, "a category");
            if (m == null) {
                continue;
            }
            Map<String, Node> f = ctx.fields(m, Set.of("code", "name"));
            String code = ctx.text(f.get("code"), m, "code", 40);
            String name = ctx.text(f.get("name"), m, "name", 100);
            if (code != null && !ID.matcher(code).matches()) {
                ctx.defect(f.get("code"), "category code '" + code + "' must be lower-case letters, digits and dashes");
            } else if (code != null && names.containsKey(code)) {
                ctx.defect(f.get("code"), "category code '" + code + "' is listed twice");
            } else if (code != null && name != null) {
                names.put(code, name);
            }
        }
        return new Categories(names, defects);
    }

    /**
     * Parses one question file. {@code knownCategories} are valid category codes; {@code idsElsewhere} are ids
     * already taken by other files of the same import (a duplicate across files is a defect of the later file).
     */
    public static FileResult parse(String file, String text, Set<String> knownCategories, Set<String> idsElsewhere) {
        List<BankDefect> defects = new ArrayList<>();
        List<BankQuestion> questions = new ArrayList<>();
        Node root = compose(file, text, defects);
        if (root == null) {
            return new FileResult(file, List.of(), defects);
        }
        Ctx ctx = new Ctx(file, defects, null);
        MappingNode map = ctx.mapping(root, "the file");
        if (map == null) {
            return new FileResult(file, List.of(), defects);
        }
        Map<String, Node> top = ctx.fields(map, FILE_KEYS);
        String category = ctx.text(top.get("category"), map, "category", 40);
        if (category != null && !knownCategories.contains(category)) {
            ctx.defect(top.get("category"), "category '" + category + "' is not in categories.yaml");
        }
        Node qs = top.get("questions");
        if (!(qs instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            ctx.defect(qs == null ? map : qs, "questions must be a non-empty list");
            return new FileResult(file, List.of(), defects);
        }
        Set<String> seen = new HashSet<>();
        for (Node item : seq.getValue()) {
            BankQuestion q = question(file, item, category, defects, seen, idsElsewhere);
            if (q != null) {
                questions.add(q);
            }
        }
        return new FileResult(file, defects.isEmpty() ? List.copyOf(questions) : List.of(), defects);
    }

    private static BankQuestion question(String file, Node item, String category, List<BankDefect> defects,
                                         Set<String> seen, Set<String> idsElsewhere) {
        Ctx ctx = new Ctx(file, defects, null);
        MappingNode m = ctx.mapping(item, "a question");
        if (m == null) {
            return null;
        }
        Map<String, Node> f = ctx.fields(m, QUESTION_KEYS);
        String id = ctx.text(f.get("id"), m, "id", 40);
        if (id != null) {
            ctx = new Ctx(file, defects, id);
            if (!ID.matcher(id).matches()) {
                ctx.defect(f.get("id"), "id must be 3-40 lower-case letters, digits and dashes, starting with a letter");
            } else if (!seen.add(id) || idsElsewhere.contains(id)) {
                ctx.defect(f.get("id"), "id is used by another question");
            }
        }
        int before = defects.size();
        String typeName = ctx.text(f.get("type"), m, "type", 20);
        QuestionType type = typeName == null ? null : QuestionType.ofYaml(typeName);
        if (typeName != null && type == null) {
            ctx.defect(f.get("type"), "type must be single, multiple or true-false, not '" + typeName + "'");
        }
        Integer difficulty = ctx.integer(f.get("difficulty"), m, "difficulty", 1, 3);
        String stem = ctx.text(f.get("stem"), m, "stem", MAX_STEM);
        String explanation = ctx.text(f.get("explanation"), m, "explanation", MAX_TEXT);
        List<BankQuestion.Option> options = type == null ? List.of() : options(ctx, f.get("options"), m, type);
        List<String> answer = type == null || options == null ? List.of() : answer(ctx, f.get("answer"), m, type, options);
        BankQuestion.LegalRef ref = reference(ctx, f.get("reference"));
        if (defects.size() > before || id == null) {
            return null;
        }
        return new BankQuestion(id, type, category, difficulty, stem, options, answer, explanation, ref, file,
                m.getStartMark().getLine() + 1);
    }

    private static List<BankQuestion.Option> options(Ctx ctx, Node node, MappingNode q, QuestionType type) {
        if (type == QuestionType.TRUE_FALSE) {
            if (node != null) {
                ctx.defect(node, "a true-false question has no options (the app shows 正确 / 错误)");
                return null;
            }
            return List.of();
        }
        if (!(node instanceof MappingNode m)) {
            ctx.defect(node == null ? q : node, "options must map keys A, B, C ... to option texts");
            return null;
        }
        List<BankQuestion.Option> options = new ArrayList<>();
        Set<String> texts = new HashSet<>();
        int i = 0;
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            String expected = i < OPTION_KEYS.length() ? String.valueOf(OPTION_KEYS.charAt(i)) : null;
            if (expected == null) {
                ctx.defect(t.getKeyNode(), "at most 6 options (A-F)");
                return null;
            }
            if (!expected.equals(key)) {
                ctx.defect(t.getKeyNode(), "option keys must run A, B, C ... in order; expected " + expected
                        + " but found " + key);
                return null;
            }
            String text = ctx.text(t.getValueNode(), t.getKeyNode(), "option " + key, 300);
            if (text != null && !texts.add(text)) {
                ctx.defect(t.getValueNode(), "option " + key + " repeats the text of another option");
            }
            options.add(new BankQuestion.Option(key, text));
            i++;
        }
        int min = type == QuestionType.MULTIPLE ? 3 : 2;
        if (options.size() < min) {
            ctx.defect(m, type == QuestionType.MULTIPLE ? "a multiple-choice question needs at least 3 options"
                    : "a single-choice question needs at least 2 options");
            return null;
        }
        return options;
    }

    private static List<String> answer(Ctx ctx, Node node, MappingNode q, QuestionType type,
                                       List<BankQuestion.Option> options) {
        if (node == null) {
            ctx.defect(q, "answer is missing");
            return List.of();
        }
        Set<String> keys = new HashSet<>();
        options.forEach(o -> keys.add(o.key()));
        switch (type) {
            case TRUE_FALSE -> {
                String v = node instanceof ScalarNode s ? s.getValue() : null;
                if ("true".equals(v)) {
                    return List.of(BankQuestion.TRUE);
                }
                if ("false".equals(v)) {
                    return List.of(BankQuestion.FALSE);
                }
                ctx.defect(node, "the answer of a true-false question is true or false");
            }
            case SINGLE -> {
                String v = node instanceof ScalarNode s ? s.getValue() : null;
                if (v != null && keys.contains(v)) {
                    return List.of(v);
                }
                ctx.defect(node, "the answer of a single-choice question is one option key, found " + describe(node));
            }
            case MULTIPLE -> {
                if (!(node instanceof SequenceNode seq)) {
                    ctx.defect(node, "the answer of a multiple-choice question is a list of option keys, e.g. [A, C]");
                    return List.of();
                }
                List<String> answer = new ArrayList<>();
                for (Node n : seq.getValue()) {
                    String v = n instanceof ScalarNode s ? s.getValue() : null;
                    if (v == null || !keys.contains(v)) {
                        ctx.defect(n, "answer " + describe(n) + " is not one of the options");
                        return List.of();
                    }
                    if (answer.contains(v)) {
                        ctx.defect(n, "answer " + v + " is listed twice");
                        return List.of();
                    }
                    answer.add(v);
                }
                if (answer.size() < 2) {
                    ctx.defect(node, "a multiple-choice answer has at least 2 keys; use type single for one");
                    return List.of();
                }
                answer.sort(String::compareTo);
                return answer;
            }
        }
        return List.of();
    }

    private static BankQuestion.LegalRef reference(Ctx ctx, Node node) {
        if (node == null) {
            return null;
        }
        MappingNode m = ctx.mapping(node, "reference");
        if (m == null) {
            return null;
        }
        Map<String, Node> f = ctx.fields(m, REFERENCE_KEYS);
        String law = ctx.text(f.get("law"), m, "reference law", 100);
        String article = f.containsKey("article") ? ctx.text(f.get("article"), m, "reference article", 100) : null;
        String edition = f.containsKey("edition") ? ctx.text(f.get("edition"), m, "reference edition", 100) : null;
        return law == null ? null : new BankQuestion.LegalRef(law, article, edition);
    }

    private static String describe(Node n) {
        return n instanceof ScalarNode s ? "'" + s.getValue() + "'" : "a " + n.getNodeId();
    }

    /**
     * Longest line a bank file may have: a question's stem or explanation is a few hundred characters, and SnakeYAML
     * takes time growing faster than the length to scan one long scalar (seconds for a million characters).
     */
    static final int MAX_LINE = 10_000;

    static Node compose(String file, String text, List<BankDefect> defects) {
        int lineNumber = 1;
        for (int start = 0; start < text.length(); lineNumber++) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            if (end - start > MAX_LINE) {
                defects.add(new BankDefect(file, lineNumber, null, "the line is longer than " + MAX_LINE + " characters"));
                return null;
            }
            start = end + 1;
        }
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) {
                defects.add(new BankDefect(file, 1, null, "the file is empty"));
            }
            return root;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            defects.add(new BankDefect(file, line, null, "not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            defects.add(new BankDefect(file, 1, null, "not valid YAML: " + e.getMessage()));
        }
        return null;
    }

    /** Collects defects for one file/question with line numbers taken from the nodes. */
    record Ctx(String file, List<BankDefect> defects, String questionId) {

        void defect(Node at, String message) {
            defects.add(new BankDefect(file, at == null ? 1 : at.getStartMark().getLine() + 1, questionId, message));
        }

        MappingNode mapping(Node n, String what) {
            if (n instanceof MappingNode m) {
                return m;
            }
            defect(n, what + " must be a mapping of keys to values");
            return null;
        }

        Map<String, Node> fields(MappingNode m, Set<String> allowed) {
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key == null || !allowed.contains(key)) {
                    defect(t.getKeyNode(), "unknown key '" + key + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
                } else if (out.put(key, t.getValueNode()) != null) {
                    defect(t.getKeyNode(), "key '" + key + "' appears twice");
                }
            }
            return out;
        }

        String text(Node n, Node parent, String name, int max) {
            if (n == null) {
                defect(parent, name + " is missing");
                return null;
            }
            if (!(n instanceof ScalarNode s) || s.getValue().isBlank()) {
                defect(n, name + " must be non-empty text");
                return null;
            }
            String v = s.getValue().strip();
            if (v.length() > max) {
                defect(n, name + " is longer than " + max + " characters");
                return null;
            }
            return v;
        }

        Integer integer(Node n, Node parent, String name, int min, int max) {
            if (n == null) {
                defect(parent, name + " is missing");
                return null;
            }
            try {
                int v = Integer.parseInt(((ScalarNode) n).getValue());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (RuntimeException e) {
                // reported below
            }
            defect(n, name + " must be a whole number from " + min + " to " + max);
            return null;
        }
    }
}
