package anquanli.hazard.photo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks a photo's container to its declared end before any decoder sees it. Decoders forgive too much: the JDK's
 * JPEG reader fills a missing end with grey and only warns, and none of them looks at what follows the image, where
 * a motion photo keeps its video and a polyglot file its ZIP or HTML.
 */
final class PhotoStructure {

    /** Where a WebP keeps its EXIF chunk, so its metadata can be read without reading the image data. */
    record Extent(long offset, long length) {
    }

    private static final byte[] MPF = {'M', 'P', 'F', 0};

    private PhotoStructure() {
    }

    /**
     * Throws photo-truncated, photo-polyglot or photo-corrupt; returns the WebP EXIF chunk's extent, if any.
     * Only zero bytes may follow the image.
     */
    static Extent check(PhotoFormat format, UploadCursor in) throws IOException {
        in.seek(0);
        return switch (format) {
            case JPEG -> {
                jpeg(in);
                yield null;
            }
            case PNG -> {
                png(in);
                yield null;
            }
            case WEBP -> webp(in);
        };
    }

    /**
     * A JPEG may be followed by further JPEG images when it declares them in a Multi-Picture Format (APP2 "MPF")
     * segment: phones store HDR gain maps and depth maps that way (Apple, Android Ultra HDR). Anything else after
     * the end is other data.
     */
    private static void jpeg(UploadCursor in) throws IOException {
        boolean multiPicture = jpegImage(in);
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == 0) {
                continue;
            }
            if (multiPicture && b == 0xFF && in.read() == 0xD8) {
                in.seek(in.position() - 2);
                jpegImage(in);
                continue;
            }
            throw PhotoProblems.polyglot();
        }
    }

    /** Walks marker segments and entropy-coded data from SOI to EOI; returns whether an MPF segment was seen. */
    private static boolean jpegImage(UploadCursor in) throws IOException {
        if (in.read() != 0xFF || in.read() != 0xD8) {
            throw PhotoProblems.corrupt();
        }
        boolean frame = false;
        boolean scan = false;
        boolean multiPicture = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw PhotoProblems.truncated();
            }
            if (b != 0xFF) {
                throw PhotoProblems.corrupt(); // bytes where a marker belongs
            }
            int marker = nextMarker(in);
            if (marker == 0xD9) { // EOI
                if (!frame || !scan) {
                    throw PhotoProblems.corrupt();
                }
                return multiPicture;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) { // TEM, RSTn: no length
                continue;
            }
            if (marker < 0xC0 || marker == 0xD8) { // reserved, or a second SOI
                throw PhotoProblems.corrupt();
            }
            int length = in.readU16();
            if (length < 0) {
                throw PhotoProblems.truncated();
            }
            if (length < 2) {
                throw PhotoProblems.corrupt();
            }
            long payload = length - 2;
            if (marker == 0xE2 && payload >= MPF.length) {
                byte[] id = new byte[MPF.length];
                if (in.read(id) < id.length) {
                    throw PhotoProblems.truncated();
                }
                multiPicture |= Arrays.equals(id, MPF);
                payload -= id.length;
            }
            if (!in.skip(payload)) {
                throw PhotoProblems.truncated();
            }
            frame |= isStartOfFrame(marker);
            if (marker == 0xDA) { // SOS: entropy-coded data follows
                if (!frame) {
                    throw PhotoProblems.corrupt();
                }
                scan = true;
                skipEntropyCodedData(in);
            }
        }
    }

    /** The marker code after an 0xFF, skipping fill bytes (0xFF runs). */
    private static int nextMarker(UploadCursor in) throws IOException {
        int m;
        do {
            m = in.read();
        } while (m == 0xFF);
        if (m < 0) {
            throw PhotoProblems.truncated();
        }
        return m;
    }

    /** Leaves the cursor on the 0xFF of the marker that ends the scan; stuffed 0xFF00 and RSTn belong to it. */
    private static void skipEntropyCodedData(UploadCursor in) throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw PhotoProblems.truncated();
            }
            if (b != 0xFF) {
                continue;
            }
            int m = nextMarker(in);
            if (m != 0x00 && (m < 0xD0 || m > 0xD7)) {
                in.seek(in.position() - 2);
                return;
            }
        }
    }

    /** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** Chunks from the signature to IEND; the first must be IHDR. */
    private static void png(UploadCursor in) throws IOException {
        in.skip(8);
        boolean first = true;
        while (true) {
            long length = in.readU32();
            byte[] type = new byte[4];
            if (length < 0 || in.read(type) < type.length) {
                throw PhotoProblems.truncated();
            }
            String name = new String(type, StandardCharsets.ISO_8859_1);
            if (length > Integer.MAX_VALUE || !name.chars().allMatch(Character::isLetter)
                    || first && !name.equals("IHDR")) {
                throw PhotoProblems.corrupt();
            }
            first = false;
            if (!in.skip(length + 4)) { // data and CRC
                throw PhotoProblems.truncated();
            }
            if (name.equals("IEND")) {
                break;
            }
        }
        if (!in.restIsZero()) {
            throw PhotoProblems.polyglot();
        }
    }

    /** The RIFF length must fit the file, its chunks must fit the RIFF length, and only zeros may follow it. */
    private static Extent webp(UploadCursor in) throws IOException {
        in.skip(4);
        long riffLength = in.readU32LittleEndian();
        if (riffLength < 4) {
            throw PhotoProblems.corrupt();
        }
        long end = 8 + riffLength;
        if (end > in.size()) {
            throw PhotoProblems.truncated();
        }
        in.skip(4); // "WEBP"
        Extent exif = null;
        while (in.position() < end) {
            byte[] fourCc = new byte[4];
            in.read(fourCc);
            long size = in.readU32LittleEndian();
            if (size < 0 || in.position() + size > end) {
                throw PhotoProblems.corrupt();
            }
            if (new String(fourCc, StandardCharsets.ISO_8859_1).equals("EXIF")) {
                exif = new Extent(in.position(), size);
            }
            // chunks are padded to even lengths; some writers leave out the last chunk's padding byte
            in.skip(Math.min(size + (size & 1), end - in.position()));
        }
        if (!in.restIsZero()) {
            throw PhotoProblems.polyglot();
        }
        return exif;
    }
}
