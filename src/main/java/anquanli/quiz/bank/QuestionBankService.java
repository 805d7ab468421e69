package anquanli.quiz.bank;

import anquanli.common.ApiProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports the question bank. All files are validated first; a file with any defect is reported and nothing of it
 * is written. Each valid file is written in one transaction. Re-import is idempotent by question id: unchanged
 * content is left alone, changed content becomes a new version (answers already recorded point at the version
 * they were shown).
 */
@ApplicationScoped
public class QuestionBankService {

    private static final Logger LOG = Logger.getLogger(QuestionBankService.class);
    public static final String CATEGORIES_FILE = "categories.yaml";

    private final Pool pool;
    private final QuestionCatalog catalog;
    private final LawRegisterRepository laws;
    private final LawCurrency currency;

    public QuestionBankService(Pool pool, QuestionCatalog catalog, LawRegisterRepository laws, LawCurrency currency) {
        this.pool = pool;
        this.catalog = catalog;
        this.laws = laws;
        this.currency = currency;
    }

    public record FileReport(String file, int created, int updated, int unchanged, List<String> defects) {
        public boolean rejected() {
            return !defects.isEmpty();
        }
    }

    public record ImportReport(List<FileReport> files) {
        public boolean hasDefects() {
            return files.stream().anyMatch(FileReport::rejected);
        }

        public int created() {
            return files.stream().mapToInt(FileReport::created).sum();
        }

        public int updated() {
            return files.stream().mapToInt(FileReport::updated).sum();
        }
    }

    /**
     * Imports a set of files (name → text). The law register and the categories file, if present, are applied
     * first; laws and categories already in the database count as known. A register with a defect is not applied,
     * and questions are then checked against the register already stored.
     */
    public Uni<ImportReport> importFiles(Map<String, String> files) {
        String lawsText = files.get(LawRegister.FILE);
        LawRegister.Parsed register = lawsText == null ? null : LawRegister.parse(LawRegister.FILE, lawsText);
        Uni<Void> writeLaws = register == null || !register.defects().isEmpty() ? Uni.createFrom().voidItem()
                : laws.write(register.laws());
        return writeLaws.chain(() -> laws.load()).chain(registered -> knownCategories().chain(known -> {
            List<FileReport> reports = new ArrayList<>();
            if (registered.isEmpty()) {
                LOG.errorf("No law register: %s is missing or invalid and none is stored, so every question citing a "
                        + "law is refused; add the register to the bank directory", LawRegister.FILE);
            }
            if (register != null && !register.defects().isEmpty()) {
                register.defects().forEach(d -> LOG.warnf("Law register defect: %s", d));
                reports.add(new FileReport(LawRegister.FILE, 0, 0, 0, strings(register.defects())));
            }
            Map<String, String> categories = Map.of();
            String categoriesText = files.get(CATEGORIES_FILE);
            if (categoriesText != null) {
                BankParser.Categories parsed = BankParser.parseCategories(CATEGORIES_FILE, categoriesText);
                if (parsed.defects().isEmpty()) {
                    categories = parsed.names();
                    known.addAll(categories.keySet());
                } else {
                    reports.add(new FileReport(CATEGORIES_FILE, 0, 0, 0, strings(parsed.defects())));
                }
            }
            List<BankParser.FileResult> results = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(files).entrySet()) {
                if (e.getKey().equals(CATEGORIES_FILE) || e.getKey().equals(LawRegister.FILE)) {
                    continue;
                }
                BankParser.FileResult r = LawRegister.checkReferences(
                        BankParser.parse(e.getKey(), e.getValue(), known, ids), registered);
                r.questions().forEach(q -> ids.add(q.id()));
                results.add(r);
            }
            Uni<Void> writeCategories = writeCategories(categories);
            Uni<List<FileReport>> chain = writeCategories.map(x -> reports);
            for (BankParser.FileResult r : results) {
                chain = chain.chain(list -> {
                    if (!r.valid()) {
                        r.defects().forEach(d -> LOG.warnf("Question bank defect: %s", d));
                        list.add(new FileReport(r.file(), 0, 0, 0, strings(r.defects())));
                        return Uni.createFrom().item(list);
                    }
                    return pool.withTransaction(tx -> write(tx, r))
                            .onFailure(ApiProblem.class).recoverWithItem(e -> {
                                String defect = r.file() + ": " + e.getMessage() + " "
                                        + e.extensions().get("questions");
                                LOG.warnf("Question bank file refused: %s", defect);
                                return new FileReport(r.file(), 0, 0, 0, List.of(defect));
                            })
                            .map(rep -> {
                                list.add(rep);
                                return list;
                            });
                });
            }
            return chain.chain(list -> catalog.reload().map(x -> new ImportReport(List.copyOf(list))));
        }));
    }

    /**
     * An admin upload: every file is validated first and any defect anywhere rejects the whole upload with
     * nothing written; otherwise all files are written in ONE transaction. {@code dryRun} validates only. Ids must
     * be unique within the upload; ids already in the bank are updated (a new version if the content changed).
     * References are checked against the law register in the database.
     */
    public Uni<ImportReport> importUpload(List<BankParser.FileResult> files, boolean dryRun) {
        return laws.load().chain(register -> importChecked(files.stream()
                .map(f -> LawRegister.checkReferences(f, register)).toList(), dryRun));
    }

    private Uni<ImportReport> importChecked(List<BankParser.FileResult> parsed, boolean dryRun) {
        List<FileReport> rejected = parsed.stream().filter(r -> !r.valid())
                .map(r -> new FileReport(r.file(), 0, 0, 0, strings(r.defects()))).toList();
        if (!rejected.isEmpty() || dryRun) {
            return Uni.createFrom().item(new ImportReport(rejected.isEmpty() ? parsed.stream()
                    .map(r -> new FileReport(r.file(), 0, 0, 0, List.of())).toList() : rejected));
        }
        return pool.withTransaction(tx -> {
            Uni<List<FileReport>> chain = Uni.createFrom().item(new ArrayList<>());
            for (BankParser.FileResult r : parsed) {
                chain = chain.chain(list -> write(tx, r).map(rep -> {
                    list.add(rep);
                    return list;
                }));
            }
            return chain;
        }).chain(list -> catalog.reload().map(x -> new ImportReport(List.copyOf(list))));
    }

    /** Parses upload files against the categories in the database (uploads cannot define categories). */
    public Uni<List<BankParser.FileResult>> parseUpload(Map<String, String> yamlFiles) {
        return knownCategories().map(known -> {
            Set<String> ids = new HashSet<>();
            List<BankParser.FileResult> results = new ArrayList<>();
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(yamlFiles).entrySet()) {
                BankParser.FileResult r = BankParser.parse(e.getKey(), e.getValue(), known, ids);
                r.questions().forEach(q -> ids.add(q.id()));
                results.add(r);
            }
            return results;
        });
    }

    public Uni<Set<String>> categories() {
        return knownCategories();
    }

    private Uni<Set<String>> knownCategories() {
        return pool.query("select code from question_category").execute().map(rows -> {
            Set<String> codes = new HashSet<>();
            rows.forEach(r -> codes.add(r.getString("code")));
            return codes;
        });
    }

    private Uni<Void> writeCategories(Map<String, String> categories) {
        if (categories.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = categories.entrySet().stream().map(e -> Tuple.of(e.getKey(), e.getValue())).toList();
        return pool.preparedQuery("insert into question_category (code, name) values ($1, $2) "
                        + "on conflict (code) do update set name = excluded.name")
                .executeBatch(batch).replaceWithVoid();
    }

    /**
     * Writes a valid file's questions. Each is enabled (new) or keeps its state with the new content, so each one's
     * legal basis must be in force in every active campaign (LawCurrency; a 409 otherwise, nothing written).
     */
    private Uni<FileReport> write(SqlClient tx, BankParser.FileResult file) {
        List<String> ids = file.questions().stream().map(BankQuestion::id).toList();
        Map<String, BankQuestion.LegalRef> references = new HashMap<>();
        file.questions().forEach(q -> references.put(q.id(), q.reference()));
        return currency.requirePlayableNow(tx, references).chain(() -> tx.preparedQuery(
                        "select q.id, q.current_version, v.content_hash from question q "
                        + "join question_version v on v.question_id = q.id and v.version = q.current_version "
                        + "where q.id = any($1) for update of q")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .chain(rows -> {
                    Map<String, Row> existing = new HashMap<>();
                    rows.forEach(r -> existing.put(r.getString("id"), r));
                    List<Tuple> newQuestions = new ArrayList<>();
                    List<Tuple> versions = new ArrayList<>();
                    List<Tuple> bumps = new ArrayList<>();
                    int unchanged = 0;
                    for (BankQuestion q : file.questions()) {
                        String hash = q.contentHash();
                        Row cur = existing.get(q.id());
                        if (cur == null) {
                            newQuestions.add(Tuple.of(q.id(), q.category(), q.type().name(), (short) q.difficulty(),
                                    file.file()));
                            versions.add(versionTuple(q, 1, hash));
                        } else if (cur.getString("content_hash").equals(hash)) {
                            unchanged++;
                        } else {
                            int next = cur.getInteger("current_version") + 1;
                            versions.add(versionTuple(q, next, hash));
                            bumps.add(Tuple.of(q.id(), next, q.category(), q.type().name(), (short) q.difficulty(),
                                    file.file()));
                        }
                    }
                    int created = newQuestions.size();
                    int updated = bumps.size();
                    int same = unchanged;
                    return batch(tx, "insert into question (id, category, type, difficulty, current_version, source_file) "
                            + "values ($1, $2, $3, $4, 1, $5)", newQuestions)
                            .chain(() -> batch(tx, "insert into question_version (question_id, version, content_hash, type, "
                                    + "category, difficulty, stem, options, answer, explanation, legal_ref) "
                                    + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", versions))
                            .chain(() -> batch(tx, "update question set current_version = $2, category = $3, type = $4, "
                                    + "difficulty = $5, source_file = $6, updated_at = now() where id = $1", bumps))
                            .map(x -> new FileReport(file.file(), created, updated, same, List.of()));
                }));
    }

    private static Uni<Void> batch(SqlClient tx, String sql, List<Tuple> tuples) {
        return tuples.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(sql).executeBatch(tuples).replaceWithVoid();
    }

    private static Tuple versionTuple(BankQuestion q, int version, String hash) {
        JsonArray options = new JsonArray();
        q.options().forEach(o -> options.add(new JsonObject().put("key", o.key()).put("text", o.text())));
        JsonObject ref = q.reference() == null ? null : new JsonObject()
                .put("law", q.reference().law())
                .put("article", q.reference().article())
                .put("edition", q.reference().edition());
        return Tuple.tuple(List.of(q.id(), version, hash, q.type().name(), q.category(), (short) q.difficulty(),
                q.stem(), options, new JsonArray(q.answer()), q.explanation()))
                .addValue(ref);
    }

    private static List<String> strings(List<BankDefect> defects) {
        return defects.stream().map(BankDefect::toString).toList();
    }
}
