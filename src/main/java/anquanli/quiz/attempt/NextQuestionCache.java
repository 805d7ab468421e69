package anquanli.quiz.attempt;

import anquanli.common.AppClock;
import anquanli.quiz.attempt.AttemptRepository.WithSlot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The question each open attempt on this instance is to be answered at next, as the statement that presented it
 * returned it, so the answer to it needs no read of PostgreSQL first. The read was one of the answer loop's two
 * statements per answer.
 * <p>
 * PostgreSQL stays the truth, so an entry may be stale without harm. What an entry holds never changes once the
 * question is presented: the attempt's owner, deadline and rules, and the question, its option order and its
 * deadline. What can change meanwhile is covered by the answer's own write. That write advances the attempt only
 * if it is still open and still at this question. When it does not, the service reads the stored answer and
 * replays it or refuses, as it does for a racing request. Another instance (or the expiry job) acting on the attempt
 * therefore costs a miss or a fallback, never a wrong grade.
 * <p>
 * An entry is used once: it leaves the cache when an answer takes it, and the write puts the next question's. At
 * most {@code maxEntries} attempts are held. Entries whose question deadline has passed are dropped by every run of
 * {@link AttemptExpiry}, and when the cache is full (at most once a second, so a cache full of live entries is not
 * scanned on every answer); until there is room again, nothing new is kept, and those answers read PostgreSQL as
 * before. Zero turns the cache off.
 */
@ApplicationScoped
public class NextQuestionCache {

    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(1);

    private final ConcurrentHashMap<UUID, WithSlot> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final AppClock clock;
    private volatile Instant lastPurge;

    private final Counter hits;
    private final Counter misses;

    @Inject
    public NextQuestionCache(AttemptConfig config, AppClock clock, MeterRegistry metrics) {
        this(config.nextQuestionCache().maxEntries(), clock, metrics);
    }

    NextQuestionCache(int maxEntries, AppClock clock, MeterRegistry metrics) {
        this.maxEntries = maxEntries;
        this.clock = clock;
        // With several replicas the hit rate shows how well the routing keeps an attempt on one instance.
        this.hits = lookups(metrics, "hit");
        this.misses = lookups(metrics, "miss");
        Gauge.builder("anquanli.answers.held.questions", entries, Map::size)
                .description("Open attempts whose next question this instance holds in memory")
                .register(metrics);
    }

    private static Counter lookups(MeterRegistry metrics, String result) {
        return Counter.builder("anquanli.answers.held.question.lookups")
                .description("Answers graded from the question held in memory (hit) or after reading PostgreSQL (miss)")
                .tag("result", result)
                .register(metrics);
    }

    /** Keeps a presented, unanswered question of an open attempt; anything else is ignored. */
    public void put(WithSlot found) {
        if (maxEntries <= 0 || found == null || found.slot() == null || found.slot().presentedAt() == null
                || found.slot().answered() || found.attempt().status() != AttemptRepository.Status.IN_PROGRESS) {
            return;
        }
        UUID id = found.attempt().id();
        if (entries.size() >= maxEntries && !entries.containsKey(id)) {
            Instant now = clock.now();
            Instant last = lastPurge;
            // A full cache of live entries would otherwise be scanned on every answer.
            if (last == null || !now.isBefore(last.plus(PURGE_INTERVAL))) {
                dropExpired(now);
            }
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(id, found);
    }

    /**
     * The participant's attempt with question {@code idx} if that is the one held for it (the entry leaves the
     * cache), else null. An entry for another question stays, so a retried earlier answer does not spoil the next
     * one; so does an entry asked for by someone else, who is then told the attempt does not exist.
     */
    public WithSlot take(UUID attemptId, int idx, long participantId) {
        WithSlot found = entries.get(attemptId);
        if (found == null || found.slot().idx() != idx || found.attempt().participantId() != participantId
                || !entries.remove(attemptId, found)) {
            misses.increment();
            return null;
        }
        hits.increment();
        return found;
    }

    /** Drops the questions whose deadline has passed: their attempts were left, or will be answered late. */
    public void dropExpired() {
        dropExpired(clock.now());
    }

    private void dropExpired(Instant now) {
        lastPurge = now;
        entries.values().removeIf(e -> now.isAfter(e.slot().deadlineAt()));
    }

    /** Whether question {@code idx} of the attempt is held (for tests). */
    boolean holds(UUID attemptId, int idx) {
        WithSlot found = entries.get(attemptId);
        return found != null && found.slot().idx() == idx;
    }

    /** Attempts held now (for tests; the gauge reads the map itself). */
    int size() {
        return entries.size();
    }
}
