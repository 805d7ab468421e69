package anquanli.hazard.photo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Decides what an upload is from its first bytes alone. The file name and the declared content type are the
 * client's claims; the magic bytes are the file's own.
 */
final class PhotoSniffer {

    /** ISO-BMFF brands of HEIF (HEIC and its relatives) and of AVIF, both built on it. */
    private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm",
            "hevs", "mif1", "mif2", "msf1", "miaf");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis", "avio");
    /** The DIB header sizes BMP files use (BITMAPCOREHEADER to BITMAPV5HEADER). */
    private static final Set<Integer> BMP_HEADER_SIZES = Set.of(12, 16, 40, 52, 56, 64, 108, 124);

    private PhotoSniffer() {
    }

    /** The format to decode with; throws photo-type-unsupported or photo-type-invalid otherwise. */
    static PhotoFormat sniff(UploadCursor in) throws IOException {
        byte[] head = new byte[64];
        int n = in.read(head);
        in.seek(0);
        if (startsWith(head, n, 0xFF, 0xD8, 0xFF)) {
            return PhotoFormat.JPEG;
        }
        if (startsWith(head, n, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PhotoFormat.PNG;
        }
        if (n >= 12 && ascii(head, 0).equals("RIFF") && ascii(head, 8).equals("WEBP")) {
            return PhotoFormat.WEBP;
        }
        String unsupported = unsupportedFormat(head, n);
        throw unsupported != null ? PhotoProblems.unsupported(unsupported) : PhotoProblems.notAnImage();
    }

    private static String unsupportedFormat(byte[] head, int n) {
        if (n >= 12 && ascii(head, 4).equals("ftyp")) {
            return isoBmffImage(head, n);
        }
        if (startsWith(head, n, 'G', 'I', 'F', '8') && n >= 6 && (head[4] == '7' || head[4] == '9')
                && head[5] == 'a') {
            return "GIF";
        }
        if (startsWith(head, n, 'I', 'I', 42, 0) || startsWith(head, n, 'M', 'M', 0, 42)) {
            return "TIFF";
        }
        if (n >= 18 && head[0] == 'B' && head[1] == 'M' && BMP_HEADER_SIZES.contains(littleEndianInt(head, 14))) {
            return "BMP";
        }
        return null;
    }

    /** HEIC or AVIF when a brand of the ftyp box says so; other ISO-BMFF files (MP4, MOV videos) are no images. */
    private static String isoBmffImage(byte[] head, int n) {
        long boxSize = (head[0] & 0xFFL) << 24 | (head[1] & 0xFF) << 16 | (head[2] & 0xFF) << 8 | head[3] & 0xFF;
        int end = (int) Math.min(Math.max(boxSize, 12), n);
        boolean heif = false;
        for (int at = 8; at + 4 <= end; at += at == 8 ? 8 : 4) { // major brand, minor version, compatible brands
            String brand = ascii(head, at);
            if (AVIF_BRANDS.contains(brand)) {
                return "AVIF";
            }
            heif |= HEIF_BRANDS.contains(brand);
        }
        return heif ? "HEIC" : null;
    }

    private static boolean startsWith(byte[] head, int n, int... magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
