package anquanli.hazard.photo;

import java.nio.file.Path;

/**
 * A photo that passed every check: a re-encoded JPEG without metadata and its thumbnail, both temp files next to the
 * upload for the caller to move into storage. Width and height are the stored photo's, upright.
 *
 * @param sourceType "JPEG", "PNG" or "WEBP", decided by content
 * @param gpsLat     WGS-84 latitude from the photo's EXIF GPS, null if absent or invalid
 * @param gpsLng     WGS-84 longitude from the photo's EXIF GPS, null if absent or invalid
 */
public record ProcessedPhoto(Path photo, Path thumbnail, String sha256, String thumbnailSha256, int width, int height,
        long bytes, long thumbnailBytes, String sourceType, Double gpsLat, Double gpsLng) {
}
