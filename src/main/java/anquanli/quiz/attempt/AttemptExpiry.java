package anquanli.quiz.attempt;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Closes abandoned attempts after their deadline, so their points and chances are settled even if the app never
 * comes back. Safe on several instances: closing is conditional on the attempt still being open.
 */
@ApplicationScoped
public class AttemptExpiry {

    private final AttemptCloser closer;

    public AttemptExpiry(AttemptCloser closer) {
        this.closer = closer;
    }

    @Scheduled(every = "${anquanli.attempt.expiry-scan-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeOverdue() {
        return closer.expireOverdue(500).replaceWithVoid();
    }
}
