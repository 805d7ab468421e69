package anquanli.hazard.photo;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** Limits for hazard report photos; defaults and their reasons are in application.properties. */
@ConfigMapping(prefix = "anquanli.hazard.photo")
public interface PhotoConfig {

    /** Largest upload of one photo, in bytes; checked before anything is read. */
    long maxBytes();

    /** Largest total of all photos of one report, in bytes; the report's endpoint checks it. */
    long maxReportBytes();

    /** Most pixels (width × height from the image header) a photo may declare. */
    long maxPixels();

    /** Long edge of the stored photo, in pixels; smaller photos are not enlarged. */
    int maxEdge();

    /** Long edge of the thumbnail, in pixels. */
    int thumbnailEdge();

    /** JPEG quality (0–1) of the stored photo and its thumbnail. */
    float jpegQuality();

    /** Photos decoded at once in this JVM: each decode holds tens of MB of pixels. */
    int maxConcurrent();

    /** How long a photo may wait for a decode slot before it is refused as service-busy (503). */
    Duration queueTimeout();

    /**
     * Uploads (a report's or a step's photos) waiting for the photo workers beyond those at work; more are refused at
     * once as service-busy (503) rather than holding a thread each while they wait.
     */
    int maxQueued();
}
