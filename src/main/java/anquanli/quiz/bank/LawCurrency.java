package anquanli.quiz.bank;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rule that players only meet questions whose legal basis is in force while they play: every enabled question of
 * an active campaign cites an edition in force on every day of its window. Checked wherever that could change —
 * activating a campaign, moving an active campaign's dates, enabling a question, importing questions — under one
 * transaction-scoped lock, so that two of those committing together cannot slip past each other.
 */
@ApplicationScoped
public class LawCurrency {

    /** A campaign's days, named by its code. */
    public record Window(String campaign, LocalDate from, LocalDate to) {
    }

    private final LawRegisterRepository laws;
    private final AppClock clock;

    public LawCurrency(LawRegisterRepository laws, AppClock clock) {
        this.laws = laws;
        this.clock = clock;
    }

    /** Every enabled question must be playable on {@code window} (a campaign about to run or re-dated). */
    public Uni<Void> requireEnabledPlayable(SqlClient tx, Window window) {
        return laws.lockCurrencyChecks(tx).chain(() -> laws.enabledReferences(tx))
                .chain(references -> require(tx, references, List.of(window)));
    }

    /** Questions about to be enabled (or given a new version) must be playable in every active campaign. */
    public Uni<Void> requirePlayableNow(SqlClient tx, Map<String, BankQuestion.LegalRef> references) {
        return laws.lockCurrencyChecks(tx).chain(() -> laws.activeWindows(tx, clock.today()))
                .chain(windows -> windows.isEmpty() ? Uni.createFrom().voidItem() : require(tx, references, windows));
    }

    private Uni<Void> require(SqlClient tx, Map<String, BankQuestion.LegalRef> references, List<Window> windows) {
        return laws.load(tx).invoke(register -> {
            List<Map<String, Object>> offending = new ArrayList<>();
            references.forEach((id, ref) -> windows.stream()
                    .map(w -> Map.entry(w, LawRegister.status(ref, register, w.from(), w.to())))
                    .filter(e -> !e.getValue().playable()).findFirst()
                    .ifPresent(e -> offending.add(Map.of("id", id, "law", ref.law(),
                            "edition", Objects.requireNonNullElse(ref.edition(), ""), "status", e.getValue().name(),
                            "campaign", e.getKey().campaign()))));
            if (!offending.isEmpty()) {
                Window w = windows.get(0);
                throw new ApiProblem(409, "questions-cite-laws-not-in-force", "Questions cite laws not in force",
                        offending.size() + " question(s) cite an edition not in force on every day of a campaign's "
                                + "window" + (windows.size() == 1 ? " (" + w.from() + " to " + w.to() + ")" : "")
                                + ", or one not in the law register; disable or revise them first",
                        Map.of("count", offending.size(),
                                "questions", offending.subList(0, Math.min(50, offending.size()))));
            }
        }).replaceWithVoid();
    }
}
