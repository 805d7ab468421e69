package anquanli.quiz.attempt;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.TimeOrderedIds;
import anquanli.quiz.attempt.AttemptRepository.AttemptRow;
import anquanli.quiz.attempt.AttemptRepository.SlotRow;
import anquanli.quiz.attempt.AttemptRepository.Status;
import anquanli.quiz.bank.QuestionCatalog;
import anquanli.quiz.bank.QuestionContent;
import anquanli.quiz.campaign.Campaign;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts today's attempt. Everything happens in one transaction that holds the campaign row with FOR SHARE: the
 * rules used are the committed ones (not a cache), and an admin edit of the campaign (FOR UPDATE) cannot interleave
 * with a start. The unique key (campaign, participant, day, seq) makes parallel starts give exactly one attempt.
 */
@ApplicationScoped
public class AttemptStarter {

    private final Pool pool;
    private final AttemptRepository attempts;
    private final QuestionCatalog catalog;
    private final AppClock clock;
    private final AttemptConfig config;

    public AttemptStarter(Pool pool, AttemptRepository attempts, QuestionCatalog catalog, AppClock clock,
                          AttemptConfig config) {
        this.pool = pool;
        this.attempts = attempts;
        this.catalog = catalog;
        this.clock = clock;
        this.config = config;
    }

    /**
     * Starts today's attempt in one transaction of two statements: one reads the campaign (FOR SHARE), the profile,
     * today's attempts and the questions seen before; one writes the attempt with its questions.
     */
    public Uni<AttemptRow> start(long campaignId, long participantId, String clientIp, String deviceId) {
        Instant now = clock.now();
        LocalDate today = clock.dayOf(now);
        return pool.withTransaction(tx -> attempts.startContext(tx, campaignId, participantId, today).chain(ctx -> {
            if (ctx == null) {
                return Uni.createFrom().failure(ApiProblem.notFound("Campaign", campaignId));
            }
            Campaign campaign = ctx.campaign();
            if (!campaign.openOn(today)) {
                return Uni.createFrom().failure(new ApiProblem(409, "campaign-not-open", "Campaign not open",
                        "The competition runs from " + campaign.startDate() + " to " + campaign.endDate()
                                + " (Asia/Shanghai) and must be active; today is " + today,
                        Map.of("startDate", campaign.startDate().toString(),
                                "endDate", campaign.endDate().toString())));
            }
            if (ctx.regionCode() == null || ctx.displayName() == null || ctx.identityType() == null) {
                return Uni.createFrom().failure(new ApiProblem(409, "profile-incomplete", "Profile incomplete",
                        "Set your name, region and identity (PUT /api/v1/me) before taking the challenge: "
                                + "your points count for your region and unit"));
            }
            if (ctx.attemptsToday() >= campaign.rules().attemptsPerDay()) {
                return Uni.createFrom().failure(dailyLimit(now));
            }
            return create(tx, campaign, participantId, ctx.regionCode(), ctx.unitId(), ctx.attemptsToday() + 1,
                    ctx.seen(), now, clientIp, deviceId);
        }));
    }

    private Uni<AttemptRow> create(SqlClient tx, Campaign campaign, long participantId, String regionCode, Long unitId,
                                   int seq, Map<String, Integer> seen, Instant now, String clientIp, String deviceId) {
        Campaign.Rules rules = campaign.rules();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<QuestionContent> drawn = QuestionDrawer.draw(catalog.enabledByCategory(), rules.categoryMix(),
                rules.questionsPerAttempt(), seen, random);
        if (drawn.size() < rules.questionsPerAttempt()) {
            return Uni.createFrom().failure(new ApiProblem(503, "question-bank-unavailable", "Question bank unavailable",
                    "The question bank has too few questions for this campaign; try again later"));
        }
        Instant deadline = now.plusSeconds((long) rules.questionsPerAttempt() * rules.secondsPerQuestion())
                .plus(config.grace());
        AttemptRow row = new AttemptRow(TimeOrderedIds.next(now.toEpochMilli()), campaign.id(), participantId,
                clock.dayOf(now), seq, Status.IN_PROGRESS, drawn.size(), 0, 0, 0, 0, regionCode, unitId, now, deadline,
                null, rules);
        List<SlotRow> slots = new ArrayList<>(drawn.size());
        for (int i = 0; i < drawn.size(); i++) {
            QuestionContent q = drawn.get(i);
            slots.add(new SlotRow(i, q.id(), q.version(), Grading.present(q, random), null, null, null, null,
                    false, null));
        }
        return attempts.insert(tx, row, slots, clientIp, deviceId).chain(inserted -> inserted
                ? Uni.createFrom().item(row) : Uni.createFrom().failure(dailyLimit(now)));
    }

    private ApiProblem dailyLimit(Instant now) {
        Instant next = clock.dayOf(now).plusDays(1).atStartOfDay(AppClock.CAMPAIGN_ZONE).toInstant();
        return new ApiProblem(409, "daily-limit-reached", "Daily limit reached",
                "每天可挑战答题1次: today's challenge has been taken; come back tomorrow",
                Map.of("nextAttemptAt", next.toString(), "retryAfter", Duration.between(now, next).toSeconds()));
    }

}
