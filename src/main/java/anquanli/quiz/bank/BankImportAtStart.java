package anquanli.quiz.bank;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Imports the quiz-bank directory at start-up (anquanli.quiz-bank.path), so a fresh service can be played at once.
 * Idempotent: unchanged questions are left alone. Defective files are logged with file and line and skipped whole.
 */
@ApplicationScoped
public class BankImportAtStart {

    private static final Logger LOG = Logger.getLogger(BankImportAtStart.class);

    private CompletableFuture<Void> running;

    /**
     * Starts the import on its own thread, so that it overlaps with the other start-up work (the region tree, demo
     * units) on a second core; {@link #awaitImport} waits for it before anything needs the catalog.
     */
    void beginImport(@Observes @Priority(5) StartupEvent event, QuestionBankService bank, QuestionCatalog catalog,
                     @ConfigProperty(name = "anquanli.quiz-bank.path") java.util.Optional<String> path,
                     @ConfigProperty(name = "anquanli.quiz-bank.import-at-start") boolean enabled) {
        running = CompletableFuture.runAsync(() -> importOrLoad(bank, catalog, path, enabled));
    }

    void awaitImport(@Observes @Priority(30) StartupEvent event) {
        try {
            running.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static void importOrLoad(QuestionBankService bank, QuestionCatalog catalog,
                                     java.util.Optional<String> path, boolean enabled) {
        if (!enabled || path.isEmpty()) {
            catalog.reload().await().atMost(Duration.ofSeconds(30));
            return;
        }
        Path dir = Path.of(path.get());
        if (!Files.isDirectory(dir)) {
            LOG.warnf("Question bank directory %s not found; nothing imported", dir.toAbsolutePath());
            catalog.reload().await().atMost(Duration.ofSeconds(30));
            return;
        }
        long started = System.nanoTime();
        QuestionBankService.ImportReport report = bank.importFiles(readDirectory(dir))
                .await().atMost(Duration.ofMinutes(2));
        LOG.infof("Question bank %s: %d new, %d new versions, %d files rejected (%d ms)", dir, report.created(),
                report.updated(), report.files().stream().filter(QuestionBankService.FileReport::rejected).count(),
                (System.nanoTime() - started) / 1_000_000);
    }

    public static Map<String, String> readDirectory(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> p.getFileName().toString().endsWith(".yaml")).toList()) {
                files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
