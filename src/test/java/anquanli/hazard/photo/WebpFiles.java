package anquanli.hazard.photo;

import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** WebP containers assembled by hand around the image chunk of a simple WebP made by cwebp. */
final class WebpFiles {

    private WebpFiles() {
    }

    /** The extended format (VP8X) with an EXIF chunk holding {@code exif} as TIFF data, as cameras write it. */
    static byte[] withExif(byte[] simpleWebp, int width, int height, TiffOutputSet exif) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        try {
            new TiffImageWriterLossy().write(tiff, exif);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put((byte) 0x08); // flags: EXIF present
        vp8x.put(new byte[3]);
        putUint24(vp8x, width - 1);
        putUint24(vp8x, height - 1);
        byte[] imageChunks = Arrays.copyOfRange(simpleWebp, 12, simpleWebp.length);
        return riff(PhotoFixtures.concat(chunk("VP8X", vp8x.array()), imageChunks, chunk("EXIF", tiff.toByteArray())));
    }

    static byte[] riff(byte[] chunks) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.put(PhotoFixtures.ascii("RIFF")).putInt(chunks.length + 4).put(PhotoFixtures.ascii("WEBP"));
        return PhotoFixtures.concat(header.array(), chunks);
    }

    static byte[] chunk(String fourCc, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        chunk.put(PhotoFixtures.ascii(fourCc)).putInt(data.length).put(data);
        return chunk.array();
    }

    private static void putUint24(ByteBuffer buffer, int value) {
        buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }
}
