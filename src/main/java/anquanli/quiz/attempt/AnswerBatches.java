package anquanli.quiz.attempt;

import anquanli.common.StatementBatcher;
import anquanli.quiz.attempt.AttemptRepository.AnswerWrite;
import anquanli.quiz.attempt.AttemptRepository.SlotKey;
import anquanli.quiz.attempt.AttemptRepository.WithSlot;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The answer loop's two statements per answer — the read of the attempt with the question answered, and the write
 * that records the answer and advances the attempt — shared between concurrent requests (see
 * {@link StatementBatcher}). The write of one attempt never rides in two statements at once.
 */
@ApplicationScoped
public class AnswerBatches {

    private final StatementBatcher<SlotKey, WithSlot> reads;
    private final StatementBatcher<AnswerWrite, WithSlot> writes;

    public AnswerBatches(Pool pool, AttemptRepository attempts, AttemptConfig config, MeterRegistry metrics) {
        AttemptConfig.Batch b = config.batch();
        this.reads = new StatementBatcher<>(keys -> attempts.findWithSlots(pool, keys), null,
                b.maxSize(), b.maxInFlight(), b.maxQueued(), sizes(metrics, "read")::record);
        this.writes = new StatementBatcher<>(items -> attempts.recordAndAdvanceAll(pool, items), AnswerWrite::attemptId,
                b.maxSize(), b.maxInFlight(), b.maxQueued(), sizes(metrics, "write")::record);
    }

    /** How many answers each statement carried: near 1 when quiet, growing with the load. */
    private static DistributionSummary sizes(MeterRegistry metrics, String statement) {
        return DistributionSummary.builder("anquanli.answers.batch.size")
                .description("Answers carried by one statement of the answer loop")
                .tag("statement", statement)
                .register(metrics);
    }

    /** The attempt and its question {@code idx}; null if there is no such attempt. */
    public Uni<WithSlot> findWithSlot(SlotKey key) {
        return reads.submit(key);
    }

    /** The attempt after the answer (with the next question if it was presented), or null if not recorded. */
    public Uni<WithSlot> recordAndAdvance(AnswerWrite write) {
        return writes.submit(write);
    }
}
