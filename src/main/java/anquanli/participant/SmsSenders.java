package anquanli.participant;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** Picks the one {@link SmsSender} of the service from {@code anquanli.sms.provider}. */
@ApplicationScoped
public class SmsSenders {

    /** Made at start, so missing gateway settings stop the service then rather than failing the first login. */
    @Produces
    @ApplicationScoped
    @Startup
    SmsSender smsSender(SmsConfig config, Vertx vertx) {
        return create(config, vertx);
    }

    public static SmsSender create(SmsConfig config, Vertx vertx) {
        return switch (config.provider()) {
            case LOGGING -> new LoggingSmsSender(LaunchMode.current().isDevOrTest());
            case ALIYUN -> AliyunSmsSender.create(vertx, config.aliyun(), Clock.systemUTC());
        };
    }

    void close(@Disposes SmsSender sender) throws Exception {
        if (sender instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
