package anquanli.common;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of the service. Campaign days are Asia/Shanghai calendar days (the notices' dates), whatever the
 * server's zone. Tests move it with {@link #shift(Duration)}; outside the test profile that is refused.
 */
@ApplicationScoped
public class AppClock {

    public static final ZoneId CAMPAIGN_ZONE = ZoneId.of("Asia/Shanghai");

    private final boolean adjustable;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public AppClock(@ConfigProperty(name = "anquanli.clock.adjustable", defaultValue = "false") boolean adjustable) {
        this.adjustable = adjustable;
    }

    public Instant now() {
        return Clock.systemUTC().instant().plus(offset.get());
    }

    public LocalDate today() {
        return LocalDate.ofInstant(now(), CAMPAIGN_ZONE);
    }

    public LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, CAMPAIGN_ZONE);
    }

    public void shift(Duration by) {
        if (!adjustable) {
            throw new IllegalStateException("The clock is fixed outside tests");
        }
        offset.updateAndGet(o -> o.plus(by));
    }

    public void reset() {
        if (adjustable) {
            offset.set(Duration.ZERO);
        }
    }
}
