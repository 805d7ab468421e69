package anquanli.quiz.campaign;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.quiz.CompetitionRollup;
import anquanli.quiz.bank.LawCurrency;
import anquanli.quiz.bank.QuestionCatalog;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Campaign administration by the national safety committee office: create, edit, and move through the lifecycle
 * DRAFT → ACTIVE → CLOSED. Once anyone has played, the scoring rules are locked (every participant of a campaign is
 * scored alike) and the window can only grow around the days already played. Each change takes the campaign row
 * FOR UPDATE, which attempt starts hold FOR SHARE, so an edit and a start never interleave.
 */
@ApplicationScoped
public class CampaignAdminService {

    private final Pool pool;
    private final CampaignRepository campaigns;
    private final QuestionCatalog catalog;
    private final AppClock clock;
    private final LawCurrency currency;

    public CampaignAdminService(Pool pool, CampaignRepository campaigns, QuestionCatalog catalog, AppClock clock,
                                LawCurrency currency) {
        this.currency = currency;
        this.pool = pool;
        this.campaigns = campaigns;
        this.catalog = catalog;
        this.clock = clock;
    }

    public record Draft(String code, String name, LocalDate startDate, LocalDate endDate, Campaign.Rules rules) {
    }

    /** A campaign with what the admin console needs to know before editing it. */
    public record Managed(Campaign campaign, long attempts, LocalDate firstPlayedDay, LocalDate lastPlayedDay) {
    }

    /**
     * The campaign and what has been played, read while an edit holds the campaign's row (and so holds up starts): each
     * figure is a few index entries, never a pass over the attempts — closed ones are counted by the report's roll-up,
     * open ones by the index of unfinished attempts, the first and last days by the (campaign, day) index. It used to
     * count every attempt under the lock, and starts queued behind it.
     */
    static final String MANAGED = "select c.*, "
            + "(" + CompetitionRollup.attemptsClosed("c.id") + " "
            + "+ (select count(*) from attempt a where a.finished_at is null and a.campaign_id = c.id))::bigint "
            + "as attempts, "
            + "(select min(local_day) from attempt a where a.campaign_id = c.id) as first_day, "
            + "(select max(local_day) from attempt a where a.campaign_id = c.id) as last_day from campaign c ";

    public Uni<List<Managed>> list() {
        return pool.query(MANAGED + "order by c.start_date desc, c.id desc")
                .execute().map(rows -> {
                    List<Managed> list = new ArrayList<>();
                    rows.forEach(r -> list.add(managed(r)));
                    return list;
                });
    }

    public Uni<Managed> get(long id) {
        return load(pool, id, false);
    }

    public Uni<Managed> create(Draft draft) {
        validate(draft);
        return pool.preparedQuery("insert into campaign (code, name, start_date, end_date, status, attempts_per_day, "
                        + "questions_per_attempt, seconds_per_question, correct_per_chance, chances_per_day_cap, "
                        + "points_per_correct, perfect_bonus, category_mix) values ($1, $2, $3, $4, 'DRAFT', $5, $6, $7, "
                        + "$8, $9, $10, $11, $12) on conflict (code) do nothing returning id")
                .execute(withRules(Tuple.tuple(List.of(draft.code(), draft.name().strip(), draft.startDate(),
                        draft.endDate())), draft.rules()))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().failure(ApiProblem.conflict("campaign-code-taken",
                                "A campaign with code " + draft.code() + " already exists"));
                    }
                    return changed(load(pool, rows.iterator().next().getLong("id"), false));
                });
    }

    public Uni<Managed> update(long id, Draft draft) {
        validate(draft);
        return changed(pool.withTransaction(tx -> load(tx, id, true).chain(current -> {
            Campaign c = current.campaign();
            if (c.status() == Campaign.Status.CLOSED) {
                return Uni.createFrom().failure(ApiProblem.conflict("campaign-closed",
                        "A closed campaign cannot be edited"));
            }
            if (!c.code().equals(draft.code())) {
                return Uni.createFrom().failure(ApiProblem.conflict("campaign-code-fixed",
                        "The code of a campaign cannot change"));
            }
            if (current.attempts() > 0) {
                List<String> locked = lockedChanges(c.rules(), draft.rules());
                if (!locked.isEmpty()) {
                    return Uni.createFrom().failure(new ApiProblem(409, "rules-locked", "Rules locked",
                            "People have already played this campaign; these rules can no longer change: "
                                    + String.join(", ", locked), Map.of("fields", locked)));
                }
                if (draft.startDate().isAfter(current.firstPlayedDay())
                        || draft.endDate().isBefore(current.lastPlayedDay())) {
                    return Uni.createFrom().failure(new ApiProblem(409, "window-excludes-played-days",
                            "Window excludes played days", "The window must still contain every day already played ("
                            + current.firstPlayedDay() + " to " + current.lastPlayedDay() + ")",
                            Map.of("startDate", current.firstPlayedDay().toString(),
                                    "endDate", current.lastPlayedDay().toString())));
                }
            }
            // A running campaign moved to other days must still find every enabled question's basis in force.
            boolean redated = !draft.startDate().equals(c.startDate()) || !draft.endDate().equals(c.endDate());
            Uni<Void> playable = c.status() == Campaign.Status.ACTIVE && redated
                    ? currency.requireEnabledPlayable(tx, new LawCurrency.Window(c.code(), draft.startDate(),
                    draft.endDate()))
                    : Uni.createFrom().voidItem();
            return playable.chain(() -> tx.preparedQuery("update campaign set name = $2, start_date = $3, "
                            + "end_date = $4, attempts_per_day = $5, questions_per_attempt = $6, "
                            + "seconds_per_question = $7, correct_per_chance = $8, chances_per_day_cap = $9, "
                            + "points_per_correct = $10, perfect_bonus = $11, category_mix = $12, updated_at = $13 "
                            + "where id = $1")
                    .execute(withRules(Tuple.tuple(List.of(id, draft.name().strip(), draft.startDate(),
                            draft.endDate())), draft.rules()).addValue(clock.now().atOffset(ZoneOffset.UTC))))
                    .chain(() -> load(tx, id, false));
        })));
    }

    /** DRAFT → ACTIVE → CLOSED (a draft may also be closed, i.e. cancelled). CLOSED is final. */
    public Uni<Managed> transition(long id, Campaign.Status target) {
        return changed(pool.withTransaction(tx -> load(tx, id, true).chain(current -> {
            Campaign.Status from = current.campaign().status();
            boolean allowed = (from == Campaign.Status.DRAFT && target != Campaign.Status.DRAFT)
                    || (from == Campaign.Status.ACTIVE && target == Campaign.Status.CLOSED);
            if (from == target) {
                return Uni.createFrom().item(current);
            }
            if (!allowed) {
                return Uni.createFrom().failure(new ApiProblem(409, "status-transition", "Transition not allowed",
                        "A campaign goes DRAFT → ACTIVE → CLOSED; " + from + " → " + target + " is not allowed",
                        Map.of("currentStatus", from.name())));
            }
            Uni<Void> playable = Uni.createFrom().voidItem();
            if (target == Campaign.Status.ACTIVE) {
                requireBankCovers(current.campaign().rules());
                Campaign c = current.campaign();
                playable = currency.requireEnabledPlayable(tx, new LawCurrency.Window(c.code(), c.startDate(),
                        c.endDate()));
            }
            return playable.chain(() -> tx.preparedQuery("update campaign set status = $2, updated_at = $3 where id = $1")
                    .execute(Tuple.of(id, target.name(), clock.now().atOffset(ZoneOffset.UTC))))
                    .chain(() -> load(tx, id, false));
        })));
    }

    /** The scoring and pacing rules every participant of a campaign must share once play has begun. */
    static List<String> lockedChanges(Campaign.Rules was, Campaign.Rules now) {
        Map<String, java.util.function.ToIntFunction<Campaign.Rules>> fixed = new java.util.LinkedHashMap<>();
        fixed.put("questionsPerAttempt", Campaign.Rules::questionsPerAttempt);
        fixed.put("secondsPerQuestion", Campaign.Rules::secondsPerQuestion);
        fixed.put("correctPerChance", Campaign.Rules::correctPerChance);
        fixed.put("chancesPerDayCap", Campaign.Rules::chancesPerDayCap);
        fixed.put("pointsPerCorrect", Campaign.Rules::pointsPerCorrect);
        fixed.put("perfectBonus", Campaign.Rules::perfectBonus);
        List<String> locked = new ArrayList<>();
        fixed.forEach((name, rule) -> {
            if (rule.applyAsInt(was) != rule.applyAsInt(now)) {
                locked.add(name);
            }
        });
        if (was.attemptsPerDay() > now.attemptsPerDay()) {
            locked.add("attemptsPerDay (may only increase)");
        }
        return locked;
    }

    private void validate(Draft d) {
        if (d.endDate().isBefore(d.startDate())) {
            throw ApiProblem.badRequest("window-invalid", "endDate must not be before startDate");
        }
        if (d.startDate().plusDays(366).isBefore(d.endDate())) {
            throw ApiProblem.badRequest("window-invalid", "A campaign lasts at most a year");
        }
        int mixTotal = d.rules().categoryMix().values().stream().mapToInt(Integer::intValue).sum();
        if (mixTotal != d.rules().questionsPerAttempt()) {
            throw new ApiProblem(400, "category-mix-mismatch", "Category mix does not add up",
                    "categoryMix adds up to " + mixTotal + " questions but questionsPerAttempt is "
                            + d.rules().questionsPerAttempt(), Map.of());
        }
        if (d.rules().categoryMix().values().stream().anyMatch(n -> n < 0)) {
            throw ApiProblem.badRequest("category-mix-mismatch", "categoryMix counts must not be negative");
        }
    }

    /** An active campaign must be playable: every category of the mix has enough enabled questions. */
    private void requireBankCovers(Campaign.Rules rules) {
        Map<String, Integer> short_ = new TreeMap<>();
        rules.categoryMix().forEach((category, wanted) -> {
            int have = catalog.enabledByCategory().getOrDefault(category, List.of()).size();
            if (have < wanted) {
                short_.put(category, have);
            }
        });
        if (!short_.isEmpty()) {
            throw new ApiProblem(409, "question-bank-too-small", "Not enough questions",
                    "These categories have fewer enabled questions than the mix asks for: " + short_,
                    Map.of("available", short_));
        }
    }

    private Uni<Managed> load(SqlClient db, long id, boolean forUpdate) {
        return db.preparedQuery(MANAGED + "where c.id = $1" + (forUpdate ? " for update of c" : ""))
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiProblem.notFound("Campaign", id);
                    }
                    return managed(rows.iterator().next());
                });
    }

    private Uni<Managed> changed(Uni<Managed> change) {
        return change.call(campaigns::reload);
    }

    private static Managed managed(Row r) {
        return new Managed(Campaign.of(r), r.getLong("attempts"), r.getLocalDate("first_day"),
                r.getLocalDate("last_day"));
    }

    /** Appends the rule columns in table order: attempts_per_day ... category_mix. */
    private static Tuple withRules(Tuple t, Campaign.Rules r) {
        return t.addValue((short) r.attemptsPerDay()).addValue((short) r.questionsPerAttempt())
                .addValue((short) r.secondsPerQuestion()).addValue((short) r.correctPerChance())
                .addValue((short) r.chancesPerDayCap()).addValue(r.pointsPerCorrect()).addValue(r.perfectBonus())
                .addValue(new JsonObject(new TreeMap<String, Object>(Objects.requireNonNull(r.categoryMix()))));
    }
}
