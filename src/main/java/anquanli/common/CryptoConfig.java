package anquanli.common;

import io.smallrye.config.ConfigMapping;

import java.util.Map;

/**
 * Keys for personal information ({@link FieldCipher}) and for the codes the service signs ({@link CodeSigner}); each
 * is base64 of 32 random bytes.
 */
@ConfigMapping(prefix = "anquanli.crypto")
public interface CryptoConfig {

    /** The key ring: id → AES-256 key. Keep every id whose key sealed values that are still stored. */
    Map<String, String> fieldKeys();

    /** Id of the ring's key that seals every new value. */
    String fieldKey();

    /**
     * HMAC-SHA256 key of the look-up hashes (blind indexes, draw pseudonyms); it cannot rotate without rehashing every
     * row, and a new key would change every published pseudonym.
     */
    String phoneHashKey();

    /** The ring of {@link CodeSigner}: id → HMAC-SHA256 key. Keep every id whose codes are still in use (printed). */
    Map<String, String> codeKeys();

    /** Id of the ring's key that signs every new code. */
    String codeKey();
}
