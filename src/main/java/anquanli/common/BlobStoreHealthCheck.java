package anquanli.common;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while photos can be neither stored nor read. Synchronous checks run on a worker thread. */
@Readiness
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
