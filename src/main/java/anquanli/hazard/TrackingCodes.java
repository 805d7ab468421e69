package anquanli.hazard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The tracking code every report gets (printed on the reporter's screen, read over the 12350 line) and the secret shown
 * once to an anonymous reporter. Both use Crockford's base-32 alphabet, which has no I, L, O or U to misread. The code
 * only names the report (50 random bits); the secret (120 bits) is what proves someone filed it, so only its SHA-256 is
 * kept: with that much entropy a plain hash cannot be reversed by guessing.
 */
final class TrackingCodes {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TrackingCodes() {
    }

    /** "YH" (隐患) and ten characters, e.g. YH7K3M9Q2XPA. */
    static String newCode() {
        return "YH" + random(10);
    }

    /** Six groups of four characters, e.g. 4F7K-9QPA-..., the dashes only for reading. */
    static String newSecret() {
        String raw = random(24);
        StringBuilder sb = new StringBuilder(29);
        for (int i = 0; i < raw.length(); i += 4) {
            if (i > 0) {
                sb.append('-');
            }
            sb.append(raw, i, i + 4);
        }
        return sb.toString();
    }

    /** Codes are case-insensitive and may be typed with spaces or dashes. */
    static String normalise(String s) {
        return s == null ? "" : s.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    static byte[] hashSecret(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(normalise(secret).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }
}
