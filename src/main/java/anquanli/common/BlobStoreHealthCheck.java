package anquanli.common;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import io.smallrye.health.api.Wellness;

/**
 * Whether photos can be stored and read, under /q/health/well: a wellness check, not readiness, because an object
 * storage outage must not take the instances out of the load balancer and stop the answer loop with it; uploads
 * answer 503 storage-unavailable meanwhile. Synchronous checks run on a worker thread.
 */
@Wellness
@ApplicationScoped
public class BlobStoreHealthCheck implements HealthCheck {

    private final BlobStore store;

    public BlobStoreHealthCheck(BlobStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            store.check();
            return HealthCheckResponse.up("blob store");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("blob store").down()
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
