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
public class LawRegisterStore {

    private final Pool pool;

    public LawRegisterStore(Pool pool) {
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

    public Uni<Map<LawRegister.Key, LawRegister.Law>> load() {
        return pool.query("select * from law_edition order by title, in_force").execute().map(rows -> {
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
