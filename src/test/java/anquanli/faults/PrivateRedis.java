package anquanli.faults;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Redis of the test's own on another port, so a test can crash it and bring it back empty without touching the
 * Redis every other test uses. Removed when the test ends.
 */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {

    public static final int PORT = 6391;
    private static Process process;
    private static Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("anquanli-redis");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startRedis();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + PORT + "/0");
    }

    @Override
    public void stop() {
        kill();
    }

    /** Starts an empty Redis (no persistence) and waits until it accepts connections. */
    public static synchronized void startRedis() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(PORT), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                try (Socket s = new Socket("127.0.0.1", PORT)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("redis-server did not start on " + PORT);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As a crash: SIGKILL, nothing saved. */
    public static synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
