package anquanli.hazard.photo;

import anquanli.common.ApiProblem;
import org.jboss.logging.Logger;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * One upload opened for decoding. Opening reads only the header, so the pixel count is known (and a decompression
 * bomb refused) before a single pixel is allocated; {@link #decode} then reads at most about twice the stored size.
 */
final class PhotoDecoder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PhotoDecoder.class);
    private static volatile boolean pluginsScanned;

    private final ImageReader reader;
    private final ImageInputStream input;
    private final int width;
    private final int height;
    /** What one decoded pixel takes in memory: 3 for a JPEG, 4 with alpha, up to 8 for a 16-bit PNG. */
    private final int bytesPerPixel;
    private boolean closed;

    private PhotoDecoder(ImageReader reader, ImageInputStream input, int width, int height, int bytesPerPixel) {
        this.reader = reader;
        this.input = input;
        this.width = width;
        this.height = height;
        this.bytesPerPixel = bytesPerPixel;
    }

    /** Opens the upload with the reader of its sniffed format and reads its size; photo-corrupt if it cannot. */
    static PhotoDecoder open(Path upload, PhotoFormat format) throws IOException {
        ImageReader reader = newReader(format);
        ImageInputStream input = new FileImageInputStream(upload.toFile());
        try {
            reader.setInput(input, true, true); // forward only, metadata ignored: it was read separately
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw PhotoProblems.corrupt();
            }
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            int bytesPerPixel = raw == null ? 4 : bytesPerPixel(raw.getSampleModel());
            return new PhotoDecoder(reader, input, width, height, bytesPerPixel);
        } catch (IOException | RuntimeException e) {
            reader.dispose();
            input.close();
            throw e instanceof ApiProblem problem ? problem : corrupt(e);
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /**
     * The smallest whole subsampling step that keeps the decoded long edge at most twice {@code maxEdge}: enough
     * pixels to scale down well, never the full raster of a 40 MP photo.
     */
    static int subsampling(int width, int height, int maxEdge) {
        int longEdge = Math.max(width, height);
        int limit = 2 * maxEdge;
        return Math.max(1, (longEdge + limit - 1) / limit);
    }

    /**
     * As {@link #subsampling(int, int, int)}, stepping further when pixels are deeper than 4 bytes: a 16-bit RGBA
     * PNG compresses to a few KB yet decodes to 8 bytes a pixel. The budget is what a square of twice
     * {@code maxEdge} takes at 4 bytes a pixel.
     */
    static int subsampling(int width, int height, int maxEdge, int bytesPerPixel) {
        long budget = 4L * (2L * maxEdge) * (2L * maxEdge);
        int step = subsampling(width, height, maxEdge);
        while ((long) ceilDiv(width, step) * ceilDiv(height, step) * bytesPerPixel > budget) {
            step++;
        }
        return step;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int bytesPerPixel(SampleModel model) {
        return Math.max(1, DataBuffer.getDataTypeSize(model.getDataType()) / 8 * model.getNumDataElements());
    }

    /**
     * Decodes with subsampling for {@code maxEdge}; any decoder warning (e.g. a premature end) is a refusal. Once
     * only: the reader is released afterwards, since readers keep the last image they decoded.
     */
    BufferedImage decode(int maxEdge) throws IOException {
        StringBuilder warnings = new StringBuilder();
        IIOReadWarningListener listener = (source, warning) -> warnings.append(warning).append("; ");
        reader.addIIOReadWarningListener(listener);
        ImageReadParam param = reader.getDefaultReadParam();
        int step = subsampling(width, height, maxEdge, bytesPerPixel);
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        } finally {
            close();
        }
        if (!warnings.isEmpty()) {
            LOG.debugf("Photo refused on decoder warnings: %s", warnings);
            throw warnings.indexOf("Premature end") >= 0 ? PhotoProblems.truncated() : PhotoProblems.corrupt();
        }
        return image;
    }

    private static ApiProblem corrupt(Exception e) {
        LOG.debugf(e, "Photo refused as corrupt");
        return PhotoProblems.corrupt();
    }

    /** Fails when the processor is created, not on the first WebP, if a reader is missing from the class path. */
    static void requireReaders() {
        for (PhotoFormat format : PhotoFormat.values()) {
            newReader(format).dispose();
        }
    }

    private static ImageReader newReader(PhotoFormat format) {
        ImageReader reader = find(format);
        if (reader == null && !pluginsScanned) {
            // plugins on a class loader ImageIO did not look at when it first initialised (Quarkus dev and tests)
            ImageIO.scanForPlugins();
            pluginsScanned = true;
            reader = find(format);
        }
        if (reader == null) {
            throw new IllegalStateException("No ImageIO reader " + format.readerClass + " for " + format);
        }
        return reader;
    }

    private static ImageReader find(PhotoFormat format) {
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.imageIoName); it.hasNext(); ) {
            ImageReader candidate = it.next();
            if (candidate.getClass().getName().equals(format.readerClass)) {
                return candidate;
            }
            candidate.dispose();
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            reader.dispose();
            input.close();
        }
    }
}
