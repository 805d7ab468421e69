package anquanli.common;

import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import org.eclipse.microprofile.config.ConfigProvider;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Tells an outage of PostgreSQL or Redis from a bug, and logs each outage once: the first failure after a quiet
 * minute is one WARN line (no stack: the cause is the other service, not this code), the ones after it are DEBUG,
 * and the first success reported afterwards is one INFO line. Requests that meet an outage answer 503
 * service-unavailable with Retry-After (see ProblemMapper), so the app backs off instead of hammering.
 */
@ApplicationScoped
public class Outages {

    private static final Logger LOG = Logger.getLogger(Outages.class);
    private static final long QUIET_MILLIS = 60_000;

    public enum Dependency { DATABASE, REDIS }

    private final Map<Dependency, Long> lastFailure = new EnumMap<>(Dependency.class);

    /**
     * The service a failure says is unavailable, or null if it is not an outage (a bug, a client's mistake). Connection
     * refused or lost, a server shutting down or refusing connections, and a timeout of a statement or of the wait for
     * a connection all are.
     */
    public static Dependency classify(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg) {
                String state = pg.getSqlState();
                if (state != null && (state.startsWith("08") || state.startsWith("57") || state.equals("53300"))) {
                    return Dependency.DATABASE;
                }
                return null;
            }
            String name = c.getClass().getName();
            String message = String.valueOf(c.getMessage());
            if (name.equals("io.vertx.redis.client.impl.types.ErrorType")) {
                // An error reply: Redis is there. Only the ones that say it cannot serve now are an outage.
                return message.matches("(ERR \\[\\d+] )?(LOADING|MASTERDOWN|READONLY|CLUSTERDOWN|TRYAGAIN|BUSY)\\b.*")
                        ? Dependency.REDIS : null;
            }
            if (name.startsWith("io.vertx.redis")) {
                return Dependency.REDIS;
            }
            if (c instanceof ConnectException || c instanceof TimeoutException
                    || name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                    || name.equals("io.vertx.core.http.ConnectionPoolTooBusyException")
                    || message.equals("Connection is closed") || message.startsWith("Timeout")
                    || message.contains("Connection refused") || message.contains("Connection reset")) {
                return byClient(e);
            }
        }
        return null;
    }

    /**
     * A connection-level failure: whose client it came through, by the stack (the Redis client's frames), else by the
     * address in the message (Redis's configured port), else PostgreSQL.
     */
    private static Dependency byClient(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (StackTraceElement frame : c.getStackTrace()) {
                String frameClass = frame.getClassName();
                if (frameClass.startsWith("io.vertx.redis") || frameClass.startsWith("io.quarkus.redis")) {
                    return Dependency.REDIS;
                }
                if (frameClass.startsWith("io.vertx.sqlclient") || frameClass.startsWith("io.vertx.pgclient")) {
                    return Dependency.DATABASE;
                }
            }
            String message = String.valueOf(c.getMessage());
            for (String port : REDIS_PORTS) {
                if (message.contains(":" + port)) {
                    return Dependency.REDIS;
                }
            }
        }
        return Dependency.DATABASE;
    }

    /** The ports of the configured Redis hosts (redis://host:port/db, comma-separated). */
    private static final List<String> REDIS_PORTS = redisPorts();

    private static List<String> redisPorts() {
        String hosts = ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts", String.class)
                .orElse("redis://127.0.0.1:6379");
        List<String> ports = new ArrayList<>();
        for (String host : hosts.split(",")) {
            Matcher m = Pattern.compile(":(\\d+)(/|$)").matcher(host.strip());
            ports.add(m.find() ? m.group(1) : "6379");
        }
        return ports;
    }

    /**
     * Records a failure; true if it is an outage (logged once per outage; {@code what}: what it means for users). False
     * for anything else, which the caller logs as the bug it is.
     */
    public boolean failed(Throwable e, String what) {
        Dependency d = classify(e);
        if (d == null) {
            return false;
        }
        long now = System.currentTimeMillis();
        Long last;
        synchronized (lastFailure) {
            last = lastFailure.put(d, now);
        }
        if (last == null || now - last > QUIET_MILLIS) {
            LOG.warnf("%s unavailable (%s: %s); %s", name(d), e.getClass().getSimpleName(), e.getMessage(), what);
        } else {
            LOG.debugf("%s still unavailable: %s", name(d), e.getMessage());
        }
        return true;
    }

    /** A success after failures: logs the recovery once. */
    public void recovered(Dependency d) {
        Long last;
        synchronized (lastFailure) {
            last = lastFailure.remove(d);
        }
        if (last != null) {
            LOG.infof("%s available again", name(d));
        }
    }

    private static String name(Dependency d) {
        return d == Dependency.DATABASE ? "PostgreSQL" : "Redis";
    }
}
