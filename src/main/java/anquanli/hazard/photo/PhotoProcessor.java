package anquanli.hazard.photo;

import jakarta.enterprise.context.ApplicationScoped;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Turns one uploaded photo into a stored photo and a thumbnail, or refuses it. The cheap checks come first, in the
 * order that reads least: size (no read), magic bytes, container structure, metadata, header; only then does the
 * photo wait for one of the few decode slots, which bound the memory that decoded pixels take.
 */
@ApplicationScoped
public class PhotoProcessor {

    private final PhotoConfig config;
    /** Fair, so a photo that has waited longest decodes next. */
    private final Semaphore decodeSlots;

    public PhotoProcessor(PhotoConfig config) {
        this.config = config;
        this.decodeSlots = new Semaphore(config.maxConcurrent(), true);
        PhotoDecoder.requireReaders();
    }

    /**
     * Blocking: call on a worker thread. Returns temp files (JPEG) next to the upload, which the caller moves to
     * storage and then deletes; throws {@link anquanli.common.ApiProblem} when the photo is refused, leaving no
     * file behind. The upload itself stays where it is.
     */
    public ProcessedPhoto process(Path upload) {
        try {
            return processOrRefuse(upload);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot process the photo upload " + upload, e);
        }
    }

    private ProcessedPhoto processOrRefuse(Path upload) throws IOException {
        if (Files.size(upload) > config.maxBytes()) {
            throw PhotoProblems.tooLarge(config.maxBytes());
        }
        PhotoFormat format;
        PhotoStructure.Extent webpExif;
        try (UploadCursor in = new UploadCursor(upload)) {
            format = PhotoSniffer.sniff(in);
            webpExif = PhotoStructure.check(format, in);
        }
        CameraMetadata camera = CameraMetadata.read(upload, format, webpExif);
        try (PhotoDecoder decoder = PhotoDecoder.open(upload, format)) {
            if ((long) decoder.width() * decoder.height() > config.maxPixels()) {
                throw PhotoProblems.tooManyPixels(decoder.width(), decoder.height(), config.maxPixels());
            }
            awaitDecodeSlot();
            try {
                // one expression, so the decoded raster is garbage as soon as it is scaled
                BufferedImage photo = PhotoEncoder.uprightOnWhite(
                        PhotoEncoder.fit(decoder.decode(config.maxEdge()), config.maxEdge()), camera.orientation());
                BufferedImage thumbnail = PhotoEncoder.fit(photo, config.thumbnailEdge());
                return write(upload, photo, thumbnail, format, camera);
            } finally {
                decodeSlots.release();
            }
        }
    }

    private void awaitDecodeSlot() {
        try {
            if (!decodeSlots.tryAcquire(config.queueTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw PhotoProblems.busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PhotoProblems.busy();
        }
    }

    /** Temp files beside the upload, so the caller's move into storage can be atomic; all or none survive. */
    private ProcessedPhoto write(Path upload, BufferedImage photo, BufferedImage thumbnail, PhotoFormat format,
            CameraMetadata camera) throws IOException {
        Path dir = upload.toAbsolutePath().getParent();
        List<Path> created = new ArrayList<>(2);
        try {
            Path photoFile = Files.createTempFile(dir, "photo-", ".jpg");
            created.add(photoFile);
            PhotoEncoder.Written p = PhotoEncoder.writeJpeg(photo, photoFile, config.jpegQuality());
            Path thumbnailFile = Files.createTempFile(dir, "thumbnail-", ".jpg");
            created.add(thumbnailFile);
            PhotoEncoder.Written t = PhotoEncoder.writeJpeg(thumbnail, thumbnailFile, config.jpegQuality());
            return new ProcessedPhoto(photoFile, thumbnailFile, p.sha256(), t.sha256(), photo.getWidth(),
                    photo.getHeight(), p.bytes(), t.bytes(), format.name(), camera.gpsLat(), camera.gpsLng());
        } catch (IOException | RuntimeException | Error e) {
            for (Path file : created) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The decode slots, for tests that need every slot taken. */
    Semaphore decodeSlots() {
        return decodeSlots;
    }
}
