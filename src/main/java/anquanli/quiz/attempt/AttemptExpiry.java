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

    private final AttemptService service;

    public AttemptExpiry(AttemptService service) {
        this.service = service;
    }

    @Scheduled(every = "${anquanli.attempt.expiry-scan-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeOverdue() {
        return service.expireOverdue(500).replaceWithVoid();
    }
}
