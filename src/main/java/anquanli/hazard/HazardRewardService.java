package anquanli.hazard;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.CoordinateSystem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reward decisions (有奖举报). An officer grants, denies or records the payment; every decision is kept, and the report's
 * current reward is what the reporter sees and claims. A grant is checked against the rules of {@link RewardRule}: the
 * matter (the report it was handled under, and the reports marked as its duplicates) must have been closed as true, the
 * rewarded reporter must be known (real-name, or anonymous and identified since) and be the first such reporter of the
 * matter, and the amount must be the rule's. One live reward per matter is also a unique index, so two officers
 * granting two reports of one matter at once cannot both succeed.
 */
@ApplicationScoped
public class HazardRewardService {

    private static final Logger LOG = Logger.getLogger(HazardRewardService.class);

    public enum Decision { GRANT, DENY, PAY }

    public record DecisionRequest(Decision decision, RewardRule.Basis basis, BigDecimal fineAmount, Integer deaths,
                                  RewardRule.AccidentGrade accidentGrade, BigDecimal amount, String reason) {
    }

    private final Pool pool;
    private final HazardRepository reports;
    private final HazardHandlingService handling;
    private final HazardPresenter presenter;
    private final AdminScope scope;
    private final HazardConfig config;
    private final AppClock clock;

    public HazardRewardService(Pool pool, HazardRepository reports, HazardHandlingService handling,
                               HazardPresenter presenter, AdminScope scope, HazardConfig config, AppClock clock) {
        this.pool = pool;
        this.reports = reports;
        this.handling = handling;
        this.presenter = presenter;
        this.scope = scope;
        this.config = config;
        this.clock = clock;
    }

    public Uni<HazardViews.RewardAdminView> decide(AdminScope.Admin admin, UUID id, DecisionRequest d) {
        Instant now = clock.now();
        return handling.readable(admin, id)
                .invoke(r -> scope.require(admin, AdminAction.HANDLE_HAZARDS, handling.region(r)))
                .chain(x -> pool.withTransaction(tx -> reports.lock(tx, id).chain(r -> {
                    UUID matterId = r.duplicateOf() != null ? r.duplicateOf() : r.id();
                    return reports.reward(tx, id).chain(current -> {
                        if (current != null && ("PAID".equals(current.status())
                                || "CLAIMED".equals(current.status()) && d.decision() != Decision.PAY)) {
                            return Uni.createFrom().failure(ApiProblem.conflict("reward-settled",
                                    "The reward of this report has been " + current.status().toLowerCase()
                                            + "; it can no longer be changed"));
                        }
                        Uni<HazardReport.Reward> next = switch (d.decision()) {
                            case GRANT -> reports.matter(tx, matterId).map(matter -> grant(r, matter, d, now));
                            case DENY -> Uni.createFrom().item(new HazardReport.Reward(id, matterId, "DENIED", null,
                                    null, null, null, null, null));
                            case PAY -> Uni.createFrom().item(pay(current, now));
                        };
                        return next.chain(w -> reports.saveReward(tx, w, now)
                                .chain(() -> reports.insertDecision(tx, id, new HazardReport.RewardDecision(0,
                                        d.decision().name(), w.basis(), w.fineAmount(), d.deaths(),
                                        d.accidentGrade() == null ? null : d.accidentGrade().name(), w.amount(),
                                        d.reason().strip(), admin.username(), now))));
                    });
                })))
                .onFailure(PgException.class).transform(e -> uniqueGrant((PgException) e))
                .invoke(() -> LOG.infof("Reward decision %s on hazard report %s by %s", d.decision(), id,
                        admin.username()))
                .chain(() -> presenter.admin(id, CoordinateSystem.WGS84))
                .map(HazardViews.AdminReport::reward);
    }

    private HazardReport.Reward grant(HazardReport r, List<HazardReport> matter, DecisionRequest d, Instant now) {
        HazardReport root = matter.stream().filter(m -> m.duplicateOf() == null).findFirst().orElse(r);
        if (root.status() != HazardStatus.CLOSED || !Boolean.TRUE.equals(root.verified())) {
            throw ApiProblem.conflict("reward-not-eligible", "Only a matter closed as true (办结, 属实) is rewarded; "
                    + "report " + root.trackingCode() + " is " + root.status());
        }
        if (!r.reporterKnown()) {
            throw ApiProblem.conflict("reward-reporter-anonymous", "An anonymous reporter is rewarded only after "
                    + "proving the tracking secret and identifying themself");
        }
        HazardReport first = matter.stream().filter(m -> m.reporterKnown() && m.status() != HazardStatus.REJECTED)
                .findFirst().orElse(r);
        if (!first.id().equals(r.id())) {
            throw new ApiProblem(409, "reward-not-first-reporter", "Not the first reporter",
                    "Only the first valid real-name reporter of a matter is rewarded: report " + first.trackingCode()
                            + " came first", Map.of("firstReport", first.id().toString()));
        }
        if (d.basis() == null) {
            throw ApiProblem.badRequest("reward-basis-required", "A grant names its basis: MAJOR_HAZARD, "
                    + "ILLEGAL_ACTIVITY or CONCEALED_ACCIDENT");
        }
        // The fine recorded when the matter was closed is the basis; a decision may supply one only if none was.
        if (d.fineAmount() != null && root.fineAmount() != null && d.fineAmount().compareTo(root.fineAmount()) != 0) {
            throw ApiProblem.conflict("reward-fine-mismatch", "The matter was closed with a fine of "
                    + root.fineAmount().toPlainString() + " yuan; the reward is computed from that");
        }
        BigDecimal fine = d.fineAmount() != null ? d.fineAmount() : root.fineAmount();
        BigDecimal amount;
        try {
            amount = RewardRule.amount(d.basis(), fine, d.deaths(), d.accidentGrade());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("reward-basis-incomplete", e.getMessage());
        }
        if (d.amount() != null && d.amount().compareTo(amount) != 0) {
            throw new ApiProblem(422, "reward-amount-invalid", "Amount not per the rules",
                    "The rules give " + amount.toPlainString() + " yuan for this basis and fine, not "
                            + d.amount().toPlainString(), Map.of("ruleAmount", amount));
        }
        return new HazardReport.Reward(r.id(), root.id(), "GRANTED", d.basis().name(), HazardRepository.scale(fine),
                amount, now.plus(config.rewardClaimPeriod()), null, null);
    }

    private static HazardReport.Reward pay(HazardReport.Reward current, Instant now) {
        if (current == null || !"CLAIMED".equals(current.status())) {
            throw ApiProblem.conflict("reward-not-claimed", "Only a claimed reward can be recorded as paid");
        }
        return new HazardReport.Reward(current.reportId(), current.matterId(), "PAID", current.basis(),
                current.fineAmount(), current.amount(), current.claimDeadline(), current.claimedAt(), now);
    }

    private static Throwable uniqueGrant(PgException e) {
        if ("23505".equals(e.getSqlState()) && String.valueOf(e.getConstraint()).equals("hazard_reward_one_per_matter")) {
            return ApiProblem.conflict("reward-already-granted",
                    "A reward has already been granted for this matter (one reward per matter)");
        }
        return e;
    }
}
