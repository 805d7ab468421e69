package anquanli.faults;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own on another port (initdb into a temporary directory, run as the postgres
 * user, since PostgreSQL refuses to run as root), so a test can crash it without touching the one every other test
 * uses. Removed when the test ends.
 */
public class PrivatePostgres implements QuarkusTestResourceLifecycleManager {

    public static final int PORT = 5441;
    private static final String BIN = "/usr/lib/postgresql/15/bin/";
    private static Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("anquanli-pg");
            run("chown", "postgres", dir.toString());
            asPostgres(BIN + "initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startPostgres();
        return Map.of("anquanli.db.port", Integer.toString(PORT));
    }

    @Override
    public void stop() {
        crash();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary directory; the machine's cleanup takes what is left
        }
    }

    public static void startPostgres() {
        asPostgres(BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w",
                "-o", "-p " + PORT + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
    }

    /** As a crash: immediate shutdown, no checkpoint; the next start recovers from the write-ahead log. */
    public static void crash() {
        asPostgres(BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
    }

    private static void asPostgres(String... command) {
        List<String> all = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        all.addAll(List.of(command));
        run(all.toArray(String[]::new));
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
