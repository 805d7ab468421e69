package anquanli;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3-compatible server for tests: s3proxy, run from the jar the build copies to target/s3proxy (its own
 * dependencies would clash with the service's on one class path, so it runs as a child process), storing objects in a
 * temporary directory on loopback. Use {@link #start()} and {@link #stop()} from plain JUnit, or register the class as
 * a Quarkus test resource: start() then returns the anquanli.blobs.* configuration of an S3 blob store on it.
 */
public class S3ProxyServer implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "anquanli-test";
    public static final String SECRET_KEY = "anquanli-test-secret";
    public static final String BUCKET = "anquanli-test-photos";
    public static final String REGION = "us-east-1";

    private static final Path JAR = Path.of("target/s3proxy/s3proxy.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Process process;
    private Path dir;
    private Path log;
    private int port;

    /** Starts the server and waits until it accepts connections; returns the blob store configuration for it. */
    @Override
    public Map<String, String> start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests through Maven, whose "
                    + "process-test-resources phase copies s3proxy there");
        }
        try {
            dir = Files.createTempDirectory("s3proxy-");
            Path data = Files.createDirectory(dir.resolve("data"));
            log = dir.resolve("s3proxy.log");
            port = freeLoopbackPort();
            Path properties = dir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    // the nio2 backends want a (local, unused) identity of their own
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY,
                    "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
                    ""), StandardCharsets.UTF_8);
            // a small, quickly started JVM: the test JVM and the service share the machine's two cores with it
            process = new ProcessBuilder(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener", "-jar", JAR.toAbsolutePath().toString(),
                    "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitPort();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("Cannot start s3proxy", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return config();
    }

    /** The anquanli.blobs.* keys of an S3 blob store on this server (bucket created at start). */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("anquanli.blobs.kind", "s3");
        config.put("anquanli.blobs.s3.endpoint", endpoint().toString());
        config.put("anquanli.blobs.s3.region", REGION);
        config.put("anquanli.blobs.s3.bucket", BUCKET);
        config.put("anquanli.blobs.s3.access-key", ACCESS_KEY);
        config.put("anquanli.blobs.s3.secret-key", SECRET_KEY);
        config.put("anquanli.blobs.s3.path-style", "true");
        config.put("anquanli.blobs.s3.create-bucket", "true");
        return config;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops the server (politely, then by force) and deletes its objects. Safe to call more than once. */
    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (dir != null) {
            deleteRecursively(dir);
            dir = null;
        }
    }

    private void awaitPort() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + " before it listened on "
                        + endpoint() + "; its output:\n" + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        throw new IllegalStateException("s3proxy did not listen on " + endpoint() + " within " + START_TIMEOUT
                + "; its output:\n" + output());
    }

    private String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)";
    }

    /** The same java as the test JVM's, so the server runs on a JDK the build is known to have. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for s3proxy", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing a test run for
        }
    }
}
