package anquanli.statistics;

import anquanli.AdminTokens;
import anquanli.Api;
import anquanli.Play;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admin and public reads run on a pool of their own, read-only and time-limited, and cannot hold up the answers. */
@QuarkusTest
class ReportingPoolTest {

    @Inject
    @ReactiveDataSource("reporting")
    Pool reporting;
    @Inject
    Play play;

    private String show(String setting) {
        return reporting.query("show " + setting).execute().await().atMost(Duration.ofSeconds(5))
                .iterator().next().getString(0);
    }

    @Test
    void reportingConnectionsAreReadOnlyAndTimeLimited() {
        assertThat(show("statement_timeout")).isEqualTo("5s");
        assertThat(show("default_transaction_read_only")).isEqualTo("on");
        assertThatThrownBy(() -> reporting.query("select pg_sleep(6)").execute().await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(PgException.class).hasMessageContaining("statement timeout");
        assertThatThrownBy(() -> reporting.query("create table reporting_may_not_write (x int)").execute().await()
                .atMost(Duration.ofSeconds(5))).isInstanceOf(PgException.class).hasMessageContaining("read-only");
    }

    @Test
    void busyReportsAnswer503FastAndTheAnswersGoOn() {
        long c = play.shortCampaign(1);
        // Every reporting connection busy, and every waiting place taken: reports are saturated.
        List<Uni<Void>> busy = new ArrayList<>();
        for (int i = 0; i < 4 + 32; i++) {
            busy.add(reporting.query("select pg_sleep(4)").execute().replaceWithVoid().onFailure().recoverWithNull()
                    .memoize().indefinitely());
        }
        busy.forEach(u -> u.subscribe().with(x -> { }, e -> { }));
        try {
            long t0 = System.nanoTime();
            api().header("Authorization", "Bearer " + AdminTokens.national()).queryParam("campaign", c)
                    .when().get("/api/v1/admin/statistics").then().statusCode(503)
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    // Either bound: the waiting places are full (service-busy) or the wait ran out (service-unavailable).
                    .body("code", org.hamcrest.Matchers.oneOf("service-busy", "service-unavailable"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(3000));

            long t1 = System.nanoTime();
            Api.Session s = Api.player("320102", null);
            play.playThrough(s, play.start(s, c), 3);
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofMillis(3000));
        } finally {
            // The sleeps end by themselves; later tests find the pool free again.
            for (Uni<Void> u : busy) {
                u.await().atMost(Duration.ofSeconds(60));
            }
        }
    }
}
