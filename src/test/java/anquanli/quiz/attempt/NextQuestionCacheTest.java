package anquanli.quiz.attempt;

import anquanli.common.AppClock;
import anquanli.quiz.attempt.AttemptRepository.AttemptRow;
import anquanli.quiz.attempt.AttemptRepository.SlotRow;
import anquanli.quiz.attempt.AttemptRepository.Status;
import anquanli.quiz.attempt.AttemptRepository.WithSlot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the cache keeps and hands out; what a stale entry does to an answer is in HeldQuestionAnswerTest. */
class NextQuestionCacheTest {

    private final AppClock clock = new AppClock(true);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private static final long OWNER = 2;

    @Test
    void aHeldQuestionIsHandedOutOnceAndOnlyForItsIndex() {
        NextQuestionCache cache = new NextQuestionCache(10, clock, metrics);
        WithSlot third = presented(UUID.randomUUID(), 2, Duration.ofSeconds(20));
        cache.put(third);

        assertThat(cache.take(third.attempt().id(), 1, OWNER)).isNull();
        assertThat(cache.take(UUID.randomUUID(), 2, OWNER)).isNull();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.take(third.attempt().id(), 2, OWNER)).isSameAs(third);
        assertThat(cache.take(third.attempt().id(), 2, OWNER)).isNull();
        assertThat(cache.size()).isZero();
        assertThat(lookups("hit")).isEqualTo(1);
        assertThat(lookups("miss")).isEqualTo(3);
        assertThat(metrics.get("anquanli.answers.held.questions").gauge().value()).isZero();
    }

    private double lookups(String result) {
        return metrics.get("anquanli.answers.held.question.lookups").tag("result", result).counter().count();
    }

    @Test
    void anotherParticipantGetsNothingAndLeavesTheEntry() {
        NextQuestionCache cache = new NextQuestionCache(10, clock, metrics);
        WithSlot held = presented(UUID.randomUUID(), 2, Duration.ofSeconds(20));
        cache.put(held);

        assertThat(cache.take(held.attempt().id(), 2, OWNER + 1)).isNull();
        assertThat(cache.take(held.attempt().id(), 2, OWNER)).isSameAs(held);
    }

    @Test
    void theNextQuestionReplacesTheAttemptsEntry() {
        NextQuestionCache cache = new NextQuestionCache(10, clock, metrics);
        UUID id = UUID.randomUUID();
        cache.put(presented(id, 2, Duration.ofSeconds(20)));
        WithSlot fourth = presented(id, 3, Duration.ofSeconds(20));
        cache.put(fourth);

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.take(id, 2, OWNER)).isNull();
        assertThat(cache.take(id, 3, OWNER)).isSameAs(fourth);
    }

    @Test
    void onlyShownUnansweredQuestionsOfOpenAttemptsAreKept() {
        NextQuestionCache cache = new NextQuestionCache(10, clock, metrics);
        WithSlot shown = presented(UUID.randomUUID(), 0, Duration.ofSeconds(20));
        AttemptRow open = shown.attempt();
        SlotRow slot = shown.slot();

        cache.put(null);
        cache.put(new WithSlot(open, null));
        cache.put(new WithSlot(open, new SlotRow(0, "q", 1, List.of(), null, null, null, null, false, null)));
        cache.put(new WithSlot(open, new SlotRow(0, "q", 1, List.of(), slot.presentedAt(), slot.deadlineAt(),
                List.of("x"), true, false, clock.now())));
        cache.put(new WithSlot(attempt(UUID.randomUUID(), Status.FINISHED), slot));
        cache.put(new WithSlot(attempt(UUID.randomUUID(), Status.EXPIRED), slot));

        assertThat(cache.size()).isZero();
    }

    @Test
    void whenFullOnlyQuestionsPastTheirDeadlineMakeRoom() {
        NextQuestionCache cache = new NextQuestionCache(2, clock, metrics);
        WithSlot soon = presented(UUID.randomUUID(), 0, Duration.ofSeconds(10));
        WithSlot later = presented(UUID.randomUUID(), 0, Duration.ofSeconds(30));
        cache.put(soon);
        cache.put(later);

        WithSlot third = presented(UUID.randomUUID(), 0, Duration.ofSeconds(30));
        cache.put(third);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.take(third.attempt().id(), 0, OWNER)).isNull();

        clock.shift(Duration.ofSeconds(11));
        WithSlot fourth = presented(UUID.randomUUID(), 0, Duration.ofSeconds(30));
        cache.put(fourth);
        assertThat(cache.take(soon.attempt().id(), 0, OWNER)).isNull();
        assertThat(cache.take(later.attempt().id(), 0, OWNER)).isSameAs(later);
        assertThat(cache.take(fourth.attempt().id(), 0, OWNER)).isSameAs(fourth);
    }

    @Test
    void aFullCacheLooksForExpiredEntriesAtMostOnceASecond() {
        NextQuestionCache cache = new NextQuestionCache(1, clock, metrics);
        WithSlot shortLived = presented(UUID.randomUUID(), 0, Duration.ofMillis(500));
        cache.put(shortLived);
        cache.put(presented(UUID.randomUUID(), 0, Duration.ofSeconds(30)));

        clock.shift(Duration.ofMillis(600));
        WithSlot tooSoon = presented(UUID.randomUUID(), 0, Duration.ofSeconds(30));
        cache.put(tooSoon);
        assertThat(cache.take(tooSoon.attempt().id(), 0, OWNER)).isNull();

        clock.shift(Duration.ofMillis(500));
        WithSlot afterASecond = presented(UUID.randomUUID(), 0, Duration.ofSeconds(30));
        cache.put(afterASecond);
        assertThat(cache.take(shortLived.attempt().id(), 0, OWNER)).isNull();
        assertThat(cache.take(afterASecond.attempt().id(), 0, OWNER)).isSameAs(afterASecond);
    }

    @Test
    void aFullCacheStillTakesTheNextQuestionOfAnAttemptItHolds() {
        NextQuestionCache cache = new NextQuestionCache(1, clock, metrics);
        UUID id = UUID.randomUUID();
        cache.put(presented(id, 0, Duration.ofSeconds(20)));
        WithSlot second = presented(id, 1, Duration.ofSeconds(20));
        cache.put(second);

        assertThat(cache.take(id, 1, OWNER)).isSameAs(second);
    }

    @Test
    void questionsPastTheirDeadlineCanBeDroppedBeforeTheCacheIsFull() {
        NextQuestionCache cache = new NextQuestionCache(10, clock, metrics);
        WithSlot left = presented(UUID.randomUUID(), 4, Duration.ofSeconds(10));
        WithSlot playing = presented(UUID.randomUUID(), 2, Duration.ofSeconds(30));
        cache.put(left);
        cache.put(playing);

        cache.dropExpired();
        assertThat(cache.size()).isEqualTo(2);
        clock.shift(Duration.ofSeconds(11));
        cache.dropExpired();

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.take(left.attempt().id(), 4, OWNER)).isNull();
        assertThat(cache.take(playing.attempt().id(), 2, OWNER)).isSameAs(playing);
    }

    @Test
    void zeroEntriesTurnsItOff() {
        NextQuestionCache cache = new NextQuestionCache(0, clock, metrics);
        WithSlot shown = presented(UUID.randomUUID(), 0, Duration.ofSeconds(20));
        cache.put(shown);

        assertThat(cache.size()).isZero();
        assertThat(cache.take(shown.attempt().id(), 0, OWNER)).isNull();
    }

    private WithSlot presented(UUID attemptId, int idx, Duration left) {
        Instant now = clock.now();
        return new WithSlot(attempt(attemptId, Status.IN_PROGRESS), new SlotRow(idx, "q" + idx, 1,
                List.of(new Grading.ShownOption("o1", "A")), now, now.plus(left), null, null, false, null));
    }

    private AttemptRow attempt(UUID id, Status status) {
        Instant now = clock.now();
        return new AttemptRow(id, 1, OWNER, LocalDate.of(2026, 6, 1), 1, status, 15, 0, 0, 0, 0, "110101", null, now,
                now.plusSeconds(600), status == Status.IN_PROGRESS ? null : now, null);
    }
}
