package anquanli.quiz.bank;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The register of what the bank cites (quiz-bank/laws.yaml): each law, regulation or standard in the edition a
 * question names, with its level, the day it took effect and, once replaced, what replaced it and from when. A
 * question's reference names a title and an edition of the register; whether that edition is in force on a
 * campaign's days decides whether the question may be played then.
 */
public final class LawRegister {

    public static final String FILE = "laws.yaml";

    /** The levels of the legal system the bank cites, from the NPC's laws down to standards and notices. */
    public static final List<String> LEVELS =
            List.of("法律", "行政法规", "部门规章", "党内法规", "规范性文件", "国家标准", "行业标准");

    /** Levels whose provisions are numbered articles: a reference to them names the article. */
    private static final Set<String> ARTICLED = Set.of("法律", "行政法规", "部门规章", "党内法规");

    private static final Set<String> LAW_KEYS = Set.of("title", "edition", "level", "issuer", "document", "adopted",
            "in-force", "superseded-by", "note");
    private static final Set<String> SUPERSEDED_KEYS = Set.of("title", "edition", "from");

    private LawRegister() {
    }

    public record Key(String title, String edition) {
        @Override
        public String toString() {
            return title + "（" + edition + "）";
        }
    }

    /** Where a cited edition stands on the days of a window. */
    public enum Status {
        IN_FORCE, NOT_YET_IN_FORCE, SUPERSEDED, UNREGISTERED, NO_REFERENCE;

        public boolean playable() {
            return this == IN_FORCE || this == NO_REFERENCE;
        }
    }

    public record Law(String title, String edition, String level, String issuer, String document, LocalDate adopted,
                      LocalDate inForce, String supersededByTitle, String supersededByEdition,
                      LocalDate supersededFrom, String note) {

        public Key key() {
            return new Key(title, edition);
        }

        /** In force on every day from {@code from} to {@code to}: in effect by the first, not replaced by the last. */
        public Status during(LocalDate from, LocalDate to) {
            if (inForce.isAfter(from)) {
                return Status.NOT_YET_IN_FORCE;
            }
            return supersededFrom != null && !supersededFrom.isAfter(to) ? Status.SUPERSEDED : Status.IN_FORCE;
        }
    }

    public record Parsed(List<Law> laws, List<BankDefect> defects) {
    }

    /** Where a question's reference stands during a window, against the register. */
    public static Status status(BankQuestion.LegalRef ref, Map<Key, Law> register, LocalDate from, LocalDate to) {
        if (ref == null) {
            return Status.NO_REFERENCE;
        }
        Law law = ref.edition() == null ? null : register.get(new Key(ref.law(), ref.edition()));
        return law == null ? Status.UNREGISTERED : law.during(from, to);
    }

    /** laws.yaml: {@code laws: [{title, edition, level, in-force, ...}, ...]}; every defect names its line. */
    public static Parsed parse(String file, String text) {
        List<BankDefect> defects = new ArrayList<>();
        List<Law> laws = new ArrayList<>();
        Node root = BankParser.compose(file, text, defects);
        if (root == null) {
            return new Parsed(laws, defects);
        }
        BankParser.Ctx ctx = new BankParser.Ctx(file, defects, null);
        MappingNode map = ctx.mapping(root, "the file");
        Node list = map == null ? null : ctx.fields(map, Set.of("laws")).get("laws");
        if (map != null && !(list instanceof SequenceNode)) {
            ctx.defect(map, "laws must be a list of {title, edition, level, in-force, ...}");
        }
        Map<Key, Node> seen = new HashMap<>();
        for (Node item : list instanceof SequenceNode s ? s.getValue() : List.<Node>of()) {
            MappingNode m = ctx.mapping(item, "a law");
            if (m == null) {
                continue;
            }
            Map<String, Node> f = ctx.fields(m, LAW_KEYS);
            String title = ctx.text(f.get("title"), m, "title", 100);
            String edition = ctx.text(f.get("edition"), m, "edition", 100);
            String level = ctx.text(f.get("level"), m, "level", 20);
            if (level != null && !LEVELS.contains(level)) {
                ctx.defect(f.get("level"), "level '" + level + "' is not one of " + String.join("、", LEVELS));
            }
            String issuer = optional(ctx, f, m, "issuer", 100);
            String document = optional(ctx, f, m, "document", 100);
            String note = optional(ctx, f, m, "note", 500);
            LocalDate adopted = f.containsKey("adopted") ? date(ctx, f.get("adopted"), m, "adopted") : null;
            LocalDate inForce = date(ctx, f.get("in-force"), m, "in-force");
            String byTitle = null;
            String byEdition = null;
            LocalDate from = null;
            if (f.containsKey("superseded-by")) {
                MappingNode by = ctx.mapping(f.get("superseded-by"), "superseded-by");
                if (by != null) {
                    Map<String, Node> b = ctx.fields(by, SUPERSEDED_KEYS);
                    byTitle = b.containsKey("title") ? ctx.text(b.get("title"), by, "superseded-by title", 100) : title;
                    byEdition = ctx.text(b.get("edition"), by, "superseded-by edition", 100);
                    from = date(ctx, b.get("from"), by, "superseded-by from");
                    if (from != null && inForce != null && !from.isAfter(inForce)) {
                        ctx.defect(b.get("from"), "an edition is replaced after it took effect (" + inForce + ")");
                    }
                }
            }
            if (adopted != null && inForce != null && adopted.isAfter(inForce)) {
                ctx.defect(f.get("adopted"), "adopted " + adopted + " is after in-force " + inForce);
            }
            if (title == null || edition == null) {
                continue;
            }
            Key key = new Key(title, edition);
            if (seen.putIfAbsent(key, m) != null) {
                ctx.defect(m, key + " is registered twice (line " + (seen.get(key).getStartMark().getLine() + 1) + ")");
            } else if (level != null && inForce != null) {
                laws.add(new Law(title, edition, level, issuer, document, adopted, inForce, byTitle, byEdition, from,
                        note));
            }
        }
        return new Parsed(defects.isEmpty() ? List.copyOf(laws) : List.of(), defects);
    }

    /**
     * Every question's reference, if it has one, must name a registered edition, and the article when the level is
     * one of numbered articles; a question file with such a defect is rejected like any other defect.
     */
    public static BankParser.FileResult checkReferences(BankParser.FileResult file, Map<Key, Law> register) {
        if (!file.valid()) {
            return file;
        }
        List<BankDefect> defects = new ArrayList<>();
        for (BankQuestion q : file.questions()) {
            BankQuestion.LegalRef ref = q.reference();
            if (ref == null) {
                continue;
            }
            if (ref.edition() == null) {
                defects.add(new BankDefect(file.file(), q.line(), q.id(), "reference edition is missing: name the "
                        + "edition of " + ref.law() + " as laws.yaml registers it"));
                continue;
            }
            Law law = register.get(new Key(ref.law(), ref.edition()));
            if (law == null) {
                defects.add(new BankDefect(file.file(), q.line(), q.id(), "reference "
                        + new Key(ref.law(), ref.edition()) + " is not in the law register (laws.yaml)"));
            } else if (ARTICLED.contains(law.level()) && ref.article() == null) {
                defects.add(new BankDefect(file.file(), q.line(), q.id(), "reference article is missing: a "
                        + law.level() + " is cited by article"));
            }
        }
        return defects.isEmpty() ? file : new BankParser.FileResult(file.file(), List.of(), defects);
    }

    private static String optional(BankParser.Ctx ctx, Map<String, Node> f, Node parent, String name, int max) {
        return f.containsKey(name) ? ctx.text(f.get(name), parent, name, max) : null;
    }

    private static LocalDate date(BankParser.Ctx ctx, Node n, Node parent, String name) {
        String text = ctx.text(n, parent, name, 10);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            ctx.defect(n, name + " must be a date like 2021-09-01");
            return null;
        }
    }
}
