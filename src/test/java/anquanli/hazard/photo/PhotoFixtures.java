package anquanli.hazard.photo;

import anquanli.common.ApiProblem;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcRecord;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcTypes;
import org.apache.commons.imaging.formats.jpeg.iptc.JpegIptcRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.PhotoshopApp13Data;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Test photos made in the test itself (java.awt + ImageIO), with camera metadata planted by Commons Imaging. */
final class PhotoFixtures {

    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int YELLOW = 0xFFFF00;

    private PhotoFixtures() {
    }

    /** A hand-written config: the production defaults unless a test says otherwise. */
    record TestConfig(long maxBytes, long maxReportBytes, long maxPixels, int maxEdge, int thumbnailEdge,
            float jpegQuality, int maxConcurrent, Duration queueTimeout) implements PhotoConfig {

        static TestConfig defaults() {
            return new TestConfig(10_485_760, 31_457_280, 40_000_000, 2560, 320, 0.85f, 2, Duration.ofSeconds(30));
        }

        TestConfig withSlots(int maxConcurrent, Duration queueTimeout) {
            return new TestConfig(maxBytes, maxReportBytes, maxPixels, maxEdge, thumbnailEdge, jpegQuality,
                    maxConcurrent, queueTimeout);
        }

        /** Not the processor's concern: the queue of uploads in front of it belongs to its caller. */
        @Override
        public int maxQueued() {
            return 64;
        }
    }

    static BufferedImage halves(int width, int height, int left, int right) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(left));
        g.fillRect(0, 0, width / 2, height);
        g.setColor(new Color(right));
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    /** Top left red, top right green, bottom left blue, bottom right yellow. */
    static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int[][] colours = {{RED, GREEN}, {BLUE, YELLOW}};
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 2; col++) {
                g.setColor(new Color(colours[row][col]));
                g.fillRect(col * width / 2, row * height / 2, width / 2, height / 2);
            }
        }
        g.dispose();
        return image;
    }

    /** Random pixels, so the entropy-coded data is long and has no structure to guess. */
    static BufferedImage noise(int width, int height, long seed) {
        java.util.Random random = new java.util.Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertThat(ImageIO.write(image, format, out)).as("ImageIO writes " + format).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Adds an EXIF segment (IFD0, SubIFD, GPS as the set holds them) with Commons Imaging's ExifRewriter. */
    static byte[] withExif(byte[] jpeg, TiffOutputSet exif) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] withOrientation(byte[] jpeg, int orientation) {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
            return withExif(jpeg, exif);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] withXmp(byte[] jpeg, String xmpXml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new JpegXmpRewriter().updateXmpXml(jpeg, out, xmpXml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] withIptcCaption(byte[] jpeg, String caption) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new JpegIptcRewriter().writeIptc(jpeg, out, new PhotoshopApp13Data(
                    List.of(new IptcRecord(IptcTypes.CAPTION_ABSTRACT, caption)), List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Inserts a raw marker segment (e.g. COM 0xFE, APP2 0xE2) right after SOI. */
    static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A PNG declaring any size and pixel format, around the given compressed image data. */
    static byte[] png(int width, int height, int bitDepth, int colourType, byte[] idat) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put(new byte[] {(byte) bitDepth, (byte) colourType, 0, 0, 0});
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, pngChunk("IHDR", ihdr.array()),
                pngChunk("IDAT", idat), pngChunk("IEND", new byte[0]));
    }

    private static byte[] pngChunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(ascii(type)).put(data)
                .putInt((int) crc.getValue()).array();
    }

    static byte[] deflate(byte[] data) {
        return deflateRows(data, 1);
    }

    /** The same scanline {@code count} times, compressed as a stream (never the whole image in memory). */
    static byte[] deflateRows(byte[] row, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
            for (int i = 0; i < count; i++) {
                deflater.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Offset of the first occurrence of {@code marker} (0xFF, code) in a JPEG. */
    static int markerOffset(byte[] jpeg, int code) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == code) {
                return i;
            }
        }
        throw new AssertionError("no marker " + Integer.toHexString(code));
    }

    static byte[] resource(String name) {
        try (InputStream in = PhotoFixtures.class.getResourceAsStream("/photos/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path upload(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage read(Path jpeg) {
        try {
            BufferedImage image = ImageIO.read(jpeg.toFile());
            assertThat(image).as("readable " + jpeg).isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the pixel is close to the colour (JPEG moves colours a little). */
    static boolean near(BufferedImage image, int x, int y, int rgb) {
        int actual = image.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((actual >> shift & 0xFF) - (rgb >> shift & 0xFF)) > 40) {
                return false;
            }
        }
        return true;
    }

    /** Processes the upload expecting a refusal with {@code code}; nothing may be left beside the upload. */
    static ApiProblem refusal(PhotoProcessor processor, Path upload, String code) {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> processor.process(upload));
        assertThat(problem).as("refused as " + code).isNotNull();
        assertThat(problem.code()).isEqualTo(code);
        assertThat(problem.getMessage()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertOnlyUploadIn(upload);
        return problem;
    }

    static void assertOnlyUploadIn(Path upload) {
        try (var files = Files.list(upload.getParent())) {
            assertThat(files.toList()).as("files beside the upload").containsExactly(upload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
