package anquanli.hazard;

import anquanli.common.ApiProblem;
import anquanli.common.BlobStore;
import anquanli.common.GeoPoint;
import anquanli.common.TimeOrderedIds;
import anquanli.hazard.photo.PhotoConfig;
import anquanli.hazard.photo.PhotoProcessor;
import anquanli.hazard.photo.ProcessedPhoto;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way photos come in and go out. In, for reports and for officers' evidence alike: count and size checked
 * first, then every photo decoded, stripped of its metadata and re-encoded (see {@link PhotoProcessor}); only when all
 * of them passed are they written to the blob store, so a refused photo leaves nothing behind. Blobs are
 * content-addressed: the same photo sent twice is stored once.
 * <p>
 * The work runs on the feature's own workers, as many as photos may be decoded at once, with a bounded queue of
 * uploads in front of them: a burst of uploads waits there without holding a thread of the shared worker pool each
 * (which other blocking work needs), and beyond the queue uploads are refused at once with 503.
 */
@ApplicationScoped
public class HazardPhotos {

    private static final Logger LOG = Logger.getLogger(HazardPhotos.class);

    public static final int MAX_PHOTOS = 9;

    private final PhotoProcessor processor;
    private final PhotoConfig config;
    private final BlobStore blobs;
    private final Pool pool;
    private final HazardRepository reports;

    private final ThreadPoolExecutor workers;

    public HazardPhotos(PhotoProcessor processor, PhotoConfig config, BlobStore blobs, Pool pool,
                        HazardRepository reports) {
        this.processor = processor;
        this.config = config;
        this.blobs = blobs;
        this.pool = pool;
        this.reports = reports;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.maxConcurrent(), config.maxConcurrent(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.maxQueued()), r -> {
            Thread t = new Thread(r, "hazard-photos-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Photos stored, in the order given, and the GPS position the first one carried (WGS-84), if any. */
    public record Stored(List<HazardReport.Photo> photos, GeoPoint firstPhotoGps) {
    }

    public Uni<Stored> take(List<Path> uploads, int min, long nowMillis) {
        if (uploads.size() < min || uploads.size() > MAX_PHOTOS) {
            return Uni.createFrom().failure(ApiProblem.badRequest("photo-count",
                    (min > 0 ? "A report needs 1 to " : "At most ") + MAX_PHOTOS + " photos; " + uploads.size()
                            + " were sent"));
        }
        long total = 0;
        for (Path p : uploads) {
            total += size(p);
        }
        if (total > config.maxReportBytes()) {
            return Uni.createFrom().failure(new ApiProblem(413, "photos-too-large", "Photos too large",
                    "The photos add up to " + mb(total) + " MB; at most " + mb(config.maxReportBytes())
                            + " MB may be sent at once"));
        }
        long queuedAt = System.nanoTime();
        return Uni.createFrom().item(() -> {
                    if (System.nanoTime() - queuedAt > config.queueTimeout().toNanos()) {
                        throw busy("Photos waited too long for processing");
                    }
                    return processAndStore(uploads, nowMillis);
                })
                .runSubscriptionOn(workers)
                .onFailure(RejectedExecutionException.class)
                .transform(e -> busy("Too many photo uploads are waiting to be processed"));
    }

    private Stored processAndStore(List<Path> uploads, long nowMillis) {
        List<ProcessedPhoto> done = new ArrayList<>();
        try {
            for (int i = 0; i < uploads.size(); i++) {
                try {
                    done.add(processor.process(uploads.get(i)));
                } catch (ApiProblem e) {
                    Map<String, Object> ext = new HashMap<>(e.extensions());
                    ext.put("photoIndex", i);
                    throw new ApiProblem(e.status(), e.code(), e.title(), "Photo " + (i + 1) + ": " + e.getMessage(),
                            ext);
                }
            }
            List<HazardReport.Photo> photos = new ArrayList<>();
            for (int i = 0; i < done.size(); i++) {
                ProcessedPhoto p = done.get(i);
                String key = key("photos", p.sha256());
                String thumbnail = key("thumbnails", p.thumbnailSha256());
                store(key, p.photo());
                store(thumbnail, p.thumbnail());
                photos.add(new HazardReport.Photo(TimeOrderedIds.next(nowMillis), null, i + 1, key, thumbnail,
                        p.width(), p.height(), (int) p.bytes()));
            }
            ProcessedPhoto first = done.isEmpty() ? null : done.get(0);
            GeoPoint gps = first == null || first.gpsLat() == null ? null
                    : new GeoPoint(first.gpsLat(), first.gpsLng());
            return new Stored(photos, gps);
        } finally {
            for (ProcessedPhoto p : done) {
                delete(p.photo());
                delete(p.thumbnail());
            }
        }
    }

    /**
     * A stored photo or its thumbnail, read from the blob store on a worker thread; empty if the report has no such
     * photo. Callers decide first who may see the report.
     */
    public Uni<BlobStore.Blob> open(UUID reportId, UUID photoId, boolean thumbnail, boolean reportPhotosOnly) {
        return reports.photos(pool, reportId).chain(list -> {
            HazardReport.Photo photo = list.stream()
                    .filter(p -> p.id().equals(photoId) && (!reportPhotosOnly || p.eventId() == null))
                    .findFirst().orElseThrow(() -> ApiProblem.notFound("Photo", photoId));
            return Uni.createFrom().item(() -> {
                        try {
                            return blobs.open(thumbnail ? photo.thumbnailKey() : photo.blobKey());
                        } catch (RuntimeException e) {
                            throw unavailable(e);
                        }
                    }).map(blob -> blob.orElseThrow(() -> ApiProblem.notFound("Photo", photoId)))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    private void store(String key, Path file) {
        try {
            blobs.put(key, file, "image/jpeg");
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static ApiProblem busy(String detail) {
        return new ApiProblem(503, "service-busy", "Service busy", detail + "; send the same report again shortly",
                Map.of("retryAfter", 5));
    }

    /** The blob store cannot be reached: nothing was recorded, the client may send the same request again. */
    private static ApiProblem unavailable(RuntimeException e) {
        LOG.warnf("Blob store unavailable: %s", e.getClass().getSimpleName());
        return new ApiProblem(503, "storage-unavailable", "Photo storage unavailable",
                "Photos cannot be stored or read right now; nothing was recorded, try again shortly",
                Map.of("retryAfter", 30));
    }

    /** photos/ab/cd/abcd….jpg: two levels of fan-out keep directories small on the file store. */
    static String key(String kind, String sha256) {
        return kind + "/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256 + ".jpg";
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw ApiProblem.badRequest("photo-unreadable", "An uploaded photo could not be read");
        }
    }

    private static String mb(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }

    private static void delete(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp file left in the upload directory is removed with the request's uploads or at the next start
        }
    }
}
