package anquanli.quiz.bank;

import anquanli.common.ApiProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * The question bank as its editors see it: every question with how it fares — times drawn, answered, correct rate,
 * timeouts — so bad questions (ambiguous, wrong key, too long to read) can be found and switched off.
 */
@ApplicationScoped
public class QuestionAdminService {

    private final Pool pool;
    private final QuestionCatalog catalog;
    private final LawRegisterRepository laws;
    private final LawCurrency currency;
    private final anquanli.common.AppClock clock;

    public QuestionAdminService(Pool pool, QuestionCatalog catalog, LawRegisterRepository laws, LawCurrency currency,
                                anquanli.common.AppClock clock) {
        this.pool = pool;
        this.catalog = catalog;
        this.laws = laws;
        this.currency = currency;
        this.clock = clock;
    }

    public record Stats(long timesDrawn, long timesAnswered, long correct, long timeouts, Double correctRate) {
        static Stats of(Row r) {
            long answered = r.getLong("answered");
            long correct = r.getLong("correct");
            return new Stats(r.getLong("drawn"), answered, correct, r.getLong("timeouts"),
                    answered == 0 ? null : Math.round(correct * 1000.0 / answered) / 1000.0);
        }
    }

    /** What replaced a cited edition, and from when. */
    public record Replacement(String title, String edition, java.time.LocalDate from) {
    }

    public record Summary(String id, String category, QuestionType type, int difficulty, int currentVersion,
                          boolean enabled, String stem, BankQuestion.LegalRef reference, LawRegister.Status lawStatus,
                          Replacement supersededBy, Stats stats) {
    }

    /** The days a list's law status is judged on: a campaign's window, or today. */
    public record Window(java.time.LocalDate from, java.time.LocalDate to) {
    }

    /** Filters of the list; null means any. */
    public record Filter(String category, Boolean enabled, String text, String law, boolean notInForce,
                         Long campaignId) {
    }

    public record Page(List<Summary> items, Window window) {
    }

    public record Version(QuestionContent content, Stats stats) {
    }

    private static final String STATS = "count(aq.attempt_id) as drawn, "
            + "count(aq.answered_at) filter (where not aq.timed_out) as answered, "
            + "count(*) filter (where aq.correct) as correct, count(*) filter (where aq.timed_out) as timeouts";

    /**
     * A page of questions with the status of their legal reference on the window's days. {@code notInForce} keeps
     * those that could not be played then: citing an edition not yet or no longer in force, or one not registered.
     */
    public Uni<Page> list(Filter f, String sort, int offset, int limit) {
        String order = switch (sort == null ? "id" : sort) {
            case "correctRate" -> "(count(*) filter (where aq.correct))::float / nullif(count(aq.answered_at) "
                    + "filter (where not aq.timed_out), 0) asc nulls last, q.id";
            case "timesDrawn" -> "count(aq.attempt_id) desc, q.id";
            case "id" -> "q.id";
            default -> throw ApiProblem.badRequest("sort-unknown", "sort must be id, correctRate or timesDrawn");
        };
        return window(f.campaignId()).chain(w -> laws.load().chain(register -> {
            List<String> titles = new ArrayList<>();
            List<String> editions = new ArrayList<>();
            register.values().stream().filter(l -> l.during(w.from(), w.to()) == LawRegister.Status.IN_FORCE)
                    .forEach(l -> {
                        titles.add(l.title());
                        editions.add(l.edition());
                    });
            return pool.preparedQuery("select q.id, q.category, q.type, q.difficulty, q.current_version, q.enabled, "
                            + "v.stem, v.legal_ref, " + STATS + " from question q join question_version v "
                            + "on v.question_id = q.id and v.version = q.current_version "
                            + "left join attempt_question aq on aq.question_id = q.id "
                            + "where ($1::text is null or q.category = $1) and ($2::boolean is null or q.enabled = $2) "
                            + "and ($3::text is null or v.stem like '%' || $3 || '%' or q.id like $3 || '%') "
                            + "and ($6::text is null or v.legal_ref ->> 'law' = $6) "
                            + "and ($7 is not true or v.legal_ref is not null and not exists (select 1 from "
                            + "unnest($8::text[], $9::text[]) k (title, edition) where k.title = v.legal_ref ->> 'law' "
                            + "and k.edition = v.legal_ref ->> 'edition')) "
                            + "group by q.id, v.stem, v.legal_ref order by " + order + " limit $4 offset $5")
                    .execute(Tuple.tuple(java.util.Arrays.asList(f.category(), f.enabled(), f.text(), limit, offset,
                            f.law(), f.notInForce(), titles.toArray(String[]::new), editions.toArray(String[]::new))))
                    .map(rows -> {
                        List<Summary> out = new ArrayList<>();
                        rows.forEach(r -> {
                            BankQuestion.LegalRef ref = QuestionContent.reference(r.getValue("legal_ref"));
                            LawRegister.Status status = LawRegister.status(ref, register, w.from(), w.to());
                            LawRegister.Law law = ref == null || ref.edition() == null ? null
                                    : register.get(new LawRegister.Key(ref.law(), ref.edition()));
                            Replacement by = law == null || law.supersededFrom() == null ? null
                                    : new Replacement(law.supersededByTitle(), law.supersededByEdition(),
                                    law.supersededFrom());
                            out.add(new Summary(r.getString("id"), r.getString("category"),
                                    QuestionType.valueOf(r.getString("type")), r.getShort("difficulty"),
                                    r.getInteger("current_version"), r.getBoolean("enabled"), r.getString("stem"),
                                    ref, status, by, Stats.of(r)));
                        });
                        return new Page(out, w);
                    });
        }));
    }

    private Uni<Window> window(Long campaignId) {
        if (campaignId == null) {
            java.time.LocalDate today = clock.today();
            return Uni.createFrom().item(new Window(today, today));
        }
        return pool.preparedQuery("select start_date, end_date from campaign where id = $1")
                .execute(Tuple.of(campaignId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiProblem.notFound("Campaign", campaignId);
                    }
                    Row r = rows.iterator().next();
                    return new Window(r.getLocalDate("start_date"), r.getLocalDate("end_date"));
                });
    }

    public Uni<List<Version>> versions(String id) {
        return pool.preparedQuery("select " + QuestionContent.VERSION_COLUMNS + ", " + STATS
                        + " from question_version v left join attempt_question aq on aq.question_id = v.question_id "
                        + "and aq.question_version = v.version where v.question_id = $1 group by v.question_id, "
                        + "v.version order by v.version")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiProblem.notFound("Question", id);
                    }
                    List<Version> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Version(QuestionContent.of(r), Stats.of(r))));
                    return out;
                });
    }

    /**
     * Takes a question out of (or back into) the draw; attempts already holding it are not affected. Putting it back
     * requires its legal basis to be in force in every active campaign.
     */
    public Uni<Boolean> setEnabled(String id, boolean enabled) {
        return pool.withTransaction(tx -> tx.preparedQuery("select v.legal_ref from question q join question_version v "
                        + "on v.question_id = q.id and v.version = q.current_version where q.id = $1 for update of q")
                .execute(Tuple.of(id))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().failure(ApiProblem.notFound("Question", id));
                    }
                    java.util.Map<String, BankQuestion.LegalRef> ref = new java.util.HashMap<>();
                    ref.put(id, QuestionContent.reference(rows.iterator().next().getValue("legal_ref")));
                    return enabled ? currency.requirePlayableNow(tx, ref) : Uni.createFrom().voidItem();
                })
                .chain(() -> tx.preparedQuery("update question set enabled = $2, updated_at = now() where id = $1")
                        .execute(Tuple.of(id, enabled))))
                .chain(() -> catalog.reload().replaceWith(enabled));
    }
}
