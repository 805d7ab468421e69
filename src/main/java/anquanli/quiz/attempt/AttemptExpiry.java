package anquanli.quiz.attempt;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Closes abandoned attempts after their deadline, so their points and chances are settled even if the app never
 * comes back. Safe on several instances: closing is conditional on the attempt still being open. Each run also
 * drops the held next questions whose time is up, so people who stop halfway do not keep memory until the cache is
 * full.
 */
@ApplicationScoped
public class AttemptExpiry {

    private final AttemptCloser closer;
    private final NextQuestionCache nextQuestions;

    public AttemptExpiry(AttemptCloser closer, NextQuestionCache nextQuestions) {
        this.closer = closer;
        this.nextQuestions = nextQuestions;
    }

    @Scheduled(every = "${anquanli.attempt.expiry-scan-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeOverdue() {
        nextQuestions.dropExpired();
        return closer.expireOverdue(500).replaceWithVoid();
    }
}
