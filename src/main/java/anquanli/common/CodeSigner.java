package anquanli.common;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs short codes the service hands out and later reads back, such as the check-in QR code printed on an activity
 * poster: {@code body.keyId.mac}, the MAC being the first 128 bits of HMAC-SHA256 over the purpose and
 * {@code body.keyId}, in base64url. Short enough for a small QR code; the purpose keeps a code made for one use from
 * passing for another. New codes use the ring's current key ({@code anquanli.crypto.code-key}); every key of the ring
 * keeps verifying what it signed, so codes printed before a rotation stay good while their key stays in the ring.
 * Only the service verifies, so a MAC (not a public-key signature) is enough.
 */
@Startup
@ApplicationScoped
public class CodeSigner {

    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** Why a code was refused. */
    public enum Refusal {
        /** Not of the form body.keyId.mac. */
        MALFORMED,
        /** Its key id names no key of the ring (never issued, or retired and removed). */
        UNKNOWN_KEY,
        /** The MAC does not match: forged, altered, or made for another purpose. */
        BAD_SIGNATURE
    }

    /** A refused code; the caller turns it into its problem. */
    public static final class RefusedCode extends Exception {
        private final Refusal refusal;

        RefusedCode(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final KeyRing ring;

    @Inject
    public CodeSigner(CryptoConfig config) {
        this(KeyRing.of("anquanli.crypto.code-keys", config.codeKeys(), config.codeKey(), "anquanli.crypto.code-key"));
    }

    CodeSigner(KeyRing ring) {
        this.ring = ring;
    }

    /** {@code body} (no dots at its end, printable ASCII) signed for {@code purpose} with the current key. */
    public String sign(String purpose, String body) {
        String signed = body + "." + ring.currentId();
        return signed + "." + B64.encodeToString(mac(ring.current(), purpose, signed));
    }

    /** The body of a code signed for {@code purpose} by a key of the ring. */
    public String verify(String purpose, String code) throws RefusedCode {
        int macDot = code == null ? -1 : code.lastIndexOf('.');
        int keyDot = macDot <= 0 ? -1 : code.lastIndexOf('.', macDot - 1);
        if (keyDot <= 0) {
            throw new RefusedCode(Refusal.MALFORMED);
        }
        String keyId = code.substring(keyDot + 1, macDot);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(code.substring(macDot + 1));
        } catch (IllegalArgumentException e) {
            throw new RefusedCode(Refusal.MALFORMED);
        }
        if (!KeyRing.validId(keyId) || given.length != MAC_BYTES) {
            throw new RefusedCode(Refusal.MALFORMED);
        }
        byte[] key = ring.get(keyId);
        if (key == null) {
            throw new RefusedCode(Refusal.UNKNOWN_KEY);
        }
        if (!MessageDigest.isEqual(given, mac(key, purpose, code.substring(0, macDot)))) {
            throw new RefusedCode(Refusal.BAD_SIGNATURE);
        }
        return code.substring(0, keyDot);
    }

    /** The id of the key a well-formed code names (for logs and tests), or null. */
    public static String keyIdOf(String code) {
        int macDot = code.lastIndexOf('.');
        int keyDot = macDot <= 0 ? -1 : code.lastIndexOf('.', macDot - 1);
        return keyDot <= 0 ? null : code.substring(keyDot + 1, macDot);
    }

    private static byte[] mac(byte[] key, String purpose, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
