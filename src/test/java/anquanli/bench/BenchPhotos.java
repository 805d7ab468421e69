package anquanli.bench;

import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Photos for the hazard-report scenarios, made before any clock starts: JPEGs the size a phone camera writes, with
 * its EXIF (make, model, orientation). Their content is gradients and shapes under sensor-like noise, and the noise is
 * turned up until the file reaches the size asked for: a flat picture compresses to a few KB however many pixels it
 * has, and a photo's cost to the service (reading, decoding) grows with what its file holds, not with its pixel count
 * alone. Each photo has its own seed, so the photos of one report differ.
 * <p>
 * Usage: BenchPhotos dir count bytes [width height] → writes dir/photo-01.jpg … and prints their sizes.
 */
public final class BenchPhotos {

    /** A 12 MP phone's frame (4:3). */
    public static final int CAMERA_WIDTH = 4032;
    public static final int CAMERA_HEIGHT = 3024;
    /** The quality phones write at: high enough that the noise survives and the file gets its size from it. */
    private static final float QUALITY = 0.92f;
    /** A photo within this fraction of the size asked for is kept. */
    private static final double TOLERANCE = 0.03;

    private BenchPhotos() {
    }

    public static void main(String[] args) throws IOException {
        int width = args.length > 3 ? Integer.parseInt(args[3]) : CAMERA_WIDTH;
        int height = args.length > 4 ? Integer.parseInt(args[4]) : CAMERA_HEIGHT;
        for (Path p : write(Path.of(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]), width, height)) {
            System.out.println(p + " " + Files.size(p));
        }
    }

    /**
     * Writes {@code count} JPEGs of {@code width} × {@code height}, each within 3 % of {@code bytes}, as
     * dir/photo-01.jpg …; photos already in the directory are replaced.
     */
    public static List<Path> write(Path dir, int count, long bytes, int width, int height) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".jpg")).toList()) {
                Files.delete(p);
            }
        }
        List<Path> written = new ArrayList<>();
        // The file size grows with the noise's amplitude; the search for it starts from the last photo's amplitude.
        double low = 0;
        double high = 128;
        double amplitude = 24;
        for (int i = 1; i <= count; i++) {
            byte[] jpeg = null;
            for (int tries = 0; tries < 12; tries++) {
                jpeg = jpeg(picture(width, height, amplitude, 1000L + i));
                double ratio = (double) jpeg.length / bytes;
                if (Math.abs(ratio - 1) <= TOLERANCE) {
                    break;
                }
                if (ratio < 1) {
                    low = amplitude;
                } else {
                    high = amplitude;
                }
                amplitude = (low + high) / 2;
                jpeg = null;
            }
            if (jpeg == null) {
                throw new IllegalStateException("No photo of " + width + "x" + height + " comes within "
                        + (int) (TOLERANCE * 100) + " % of " + bytes + " bytes");
            }
            Path file = dir.resolve(String.format("photo-%02d.jpg", i));
            Files.write(file, withCameraExif(jpeg));
            written.add(file);
            low = 0;
            high = 128;
        }
        return written;
    }

    /** The photos of a directory in name order: the first {@code count} of them. */
    public static List<Path> first(Path dir, int count) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> photos = files.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().limit(count)
                    .toList();
            if (photos.size() < count) {
                throw new IllegalArgumentException(dir + " holds " + photos.size() + " photos, " + count + " wanted");
            }
            return photos;
        }
    }

    /** A sky-to-ground gradient, a few soft shapes, fine stripes and per-pixel noise of ±amplitude. */
    private static BufferedImage picture(int width, int height, double amplitude, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        double[][] shapes = new double[6][];
        for (int s = 0; s < shapes.length; s++) {
            shapes[s] = new double[]{random.nextDouble() * width, random.nextDouble() * height,
                    (0.05 + random.nextDouble() * 0.2) * width, random.nextInt(-80, 80), random.nextInt(-80, 80),
                    random.nextInt(-80, 80)};
        }
        double stripes = 0.02 + random.nextDouble() * 0.05;
        int noise = (int) Math.round(amplitude);
        for (int y = 0; y < height; y++) {
            double v = (double) y / height;
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double r = 90 + 110 * v + 20 * u;
                double g = 120 + 60 * v + 30 * Math.sin(u * 6.3);
                double b = 200 - 120 * v + 12 * Math.sin(x * stripes);
                for (double[] s : shapes) {
                    double dx = x - s[0];
                    double dy = y - s[1];
                    if (dx * dx + dy * dy < s[2] * s[2]) {
                        r += s[3];
                        g += s[4];
                        b += s[5];
                    }
                }
                int n = noise == 0 ? 0 : random.nextInt(-noise, noise + 1);
                pixels[y * width + x] = clamp(r + n) << 16 | clamp(g + n / 2 + random.nextInt(-2, 3)) << 8
                        | clamp(b + n);
            }
        }
        return image;
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, value));
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** What a phone writes into every photo; the service reads the orientation and strips the rest. */
    private static byte[] withCameraExif(byte[] jpeg) {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            TiffOutputDirectory root = exif.getOrCreateRootDirectory();
            root.add(TiffTagConstants.TIFF_TAG_MAKE, "AnquanliBench");
            root.add(TiffTagConstants.TIFF_TAG_MODEL, "Phone 12MP");
            root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024);
            new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add EXIF to a benchmark photo", e);
        }
    }
}
