package anquanli.quiz.bank;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The law register in the database: written from laws.yaml at start-up, read whole (it is a few hundred rows). */
@ApplicationScoped
public class LawRegisterRepository {

    private final Pool pool;

    public LawRegisterRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds or updates every entry; entries no longer in the file stay, as old question versions may cite them. */
    public Uni<Void> write(List<LawRegister.Law> laws) {
        if (laws.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (LawRegister.Law l : laws) {
            batch.add(Tuple.tuple(java.util.Arrays.asList(l.title(), l.edition(), l.level(), l.issuer(), l.document(),
                    l.adopted(), l.inForce(), l.supersededByTitle(), l.supersededByEdition(), l.supersededFrom(),
                    l.note())));
        }
        return pool.preparedQuery("insert into law_edition (title, edition, level, issuer, document, adopted, in_force, "
                        + "superseded_by_title, superseded_by_edition, superseded_from, note) "
                        + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (title, edition) do update "
                        + "set level = excluded.level, issuer = excluded.issuer, document = excluded.document, "
                        + "adopted = excluded.adopted, in_force = excluded.in_force, "
                        + "superseded_by_title = excluded.superseded_by_title, "
                        + "superseded_by_edition = excluded.superseded_by_edition, "
                        + "superseded_from = excluded.superseded_from, note = excluded.note, updated_at = now()")
                .executeBatch(batch).replaceWithVoid();
    }

    /** The legal reference of every enabled question's current version (null where it cites nothing), by id. */
    public Uni<Map<String, BankQuestion.LegalRef>> enabledReferences(io.vertx.mutiny.sqlclient.SqlClient db) {
        return db.query("select q.id, v.legal_ref from question q join question_version v on v.question_id = q.id "
                + "and v.version = q.current_version where q.enabled order by q.id").execute().map(rows -> {
                    Map<String, BankQuestion.LegalRef> out = new LinkedHashMap<>();
                    rows.forEach(r -> out.put(r.getString("id"), QuestionContent.reference(r.getValue("legal_ref"))));
                    return out;
                });
    }

    /**
     * Serialises the decisions that put questions in front of players against the law register — activating or
     * re-dating a campaign, enabling or importing questions — so that neither misses what the other commits.
     */
    public Uni<Void> lockCurrencyChecks(io.vertx.mutiny.sqlclient.SqlClient tx) {
        return tx.query("select pg_advisory_xact_lock(hashtext('anquanli:law-currency'))").execute().replaceWithVoid();
    }

    /** The days of every active campaign not yet over: the windows a playable question must be in force on. */
    public Uni<List<LawCurrency.Window>> activeWindows(io.vertx.mutiny.sqlclient.SqlClient tx,
                                                       java.time.LocalDate today) {
        return tx.preparedQuery("select code, start_date, end_date from campaign where status = 'ACTIVE' "
                        + "and end_date >= $1 order by id").execute(Tuple.of(today))
                .map(rows -> {
                    List<LawCurrency.Window> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new LawCurrency.Window(r.getString("code"), r.getLocalDate("start_date"),
                            r.getLocalDate("end_date"))));
                    return out;
                });
    }

    /** How many enabled questions' current versions cite each edition. */
    public Uni<Map<LawRegister.Key, Integer>> citingQuestions() {
        return enabledReferences(pool).map(references -> {
            Map<LawRegister.Key, Integer> citing = new java.util.HashMap<>();
            references.values().stream().filter(ref -> ref != null && ref.edition() != null)
                    .forEach(ref -> citing.merge(new LawRegister.Key(ref.law(), ref.edition()), 1, Integer::sum));
            return citing;
        });
    }

    public Uni<Map<LawRegister.Key, LawRegister.Law>> load() {
        return load(pool);
    }

    /** The register, read on {@code db} (a transaction's connection, so one request holds one connection). */
    public Uni<Map<LawRegister.Key, LawRegister.Law>> load(io.vertx.mutiny.sqlclient.SqlClient db) {
        return db.query("select * from law_edition order by title, in_force").execute().map(rows -> {
            Map<LawRegister.Key, LawRegister.Law> out = new LinkedHashMap<>();
            rows.forEach(r -> {
                LawRegister.Law l = new LawRegister.Law(r.getString("title"), r.getString("edition"),
                        r.getString("level"), r.getString("issuer"), r.getString("document"),
                        r.getLocalDate("adopted"), r.getLocalDate("in_force"), r.getString("superseded_by_title"),
                        r.getString("superseded_by_edition"), r.getLocalDate("superseded_from"), r.getString("note"));
                out.put(l.key(), l);
            });
            return out;
        });
    }
}
