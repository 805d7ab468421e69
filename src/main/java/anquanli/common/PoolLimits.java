package anquanli.common;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Bounds on how many requests may wait for a PostgreSQL connection and for how long, on both pools: the answer loop's
 * and the reporting pool (admin and public reads, with their own statement_timeout). Unbounded, an overload queued
 * everything (at 2,500 reads/s latency climbed to 4.6 s; at 4,000/s clients timed out by the thousand with not one
 * 503). Bounded, a request that cannot get a connection soon is refused at once with 503 and Retry-After, and the app
 * backs off. Quarkus has no configuration key for either bound, hence the pool creators.
 */
public class PoolLimits {

    @Produces
    @Singleton
    PgPoolCreator answering(@ConfigProperty(name = "anquanli.db.max-waiting") int maxWaiting,
                            @ConfigProperty(name = "anquanli.db.max-wait") Duration maxWait) {
        return creator(maxWaiting, maxWait);
    }

    @Produces
    @Singleton
    @ReactiveDataSource("reporting")
    PgPoolCreator reporting(@ConfigProperty(name = "anquanli.reporting.max-waiting") int maxWaiting,
                            @ConfigProperty(name = "anquanli.reporting.max-wait") Duration maxWait) {
        return creator(maxWaiting, maxWait);
    }

    private static PgPoolCreator creator(int maxWaiting, Duration maxWait) {
        return input -> {
            PoolOptions options = new PoolOptions(input.poolOptions()).setMaxWaitQueueSize(maxWaiting)
                    .setConnectionTimeout((int) maxWait.toMillis()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
            return PgBuilder.pool().with(options).connectingTo(new java.util.ArrayList<>(input.pgConnectOptionsList())).using(input.vertx())
                    .build();
        };
    }
}
