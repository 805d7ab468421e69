package anquanli.common;

import java.util.regex.Pattern;

/** The key rules both blob stores enforce, so a key means the same object on disk and in a bucket. */
final class BlobKeys {

    static final int MAX_LENGTH = 200;
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9._/-]+");

    private BlobKeys() {
    }

    /**
     * Callers build keys from content hashes; refusing anything else here is defence in depth: no key may climb out
     * of the file store's root, and lower-case ASCII keeps keys equal on case-insensitive disks and in every bucket.
     * Empty and "." segments are refused too, as the file system would fold them into another key.
     */
    static String require(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH || !ALLOWED.matcher(key).matches()) {
            throw new IllegalArgumentException("Invalid blob key: " + quoted(key));
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Invalid blob key: " + quoted(key));
            }
        }
        return key;
    }

    /** The type a file-store object is served with: derived from the key, as every key carries its extension. */
    static String contentType(String key) {
        if (key.endsWith(".jpg")) {
            return "image/jpeg";
        }
        if (key.endsWith(".png")) {
            return "image/png";
        }
        return "application/octet-stream";
    }

    private static String quoted(String key) {
        if (key == null) {
            return "null";
        }
        return '"' + (key.length() > 80 ? key.substring(0, 80) + "…" : key) + '"';
    }
}
