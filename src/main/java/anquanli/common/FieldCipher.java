package anquanli.common;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that seals personal fields (个人信息保护法: phone numbers, prize claims, hazard reporters):
 * AES-256-GCM under a ring of keys with ids, so keys can rotate. A sealed value is
 * {@code 0x01 | id length | id (ASCII) | random 96-bit IV | ciphertext and tag}; new values use the current key, and
 * every key in the ring keeps opening what it sealed. The header and the purpose (which field the value belongs to)
 * are GCM associated data, so a value copied into another field, or given another key id, does not open.
 * <p>
 * Values without that header ({@code IV | ciphertext}, no associated data, no purpose) are still stored in older
 * rows, so when a value has no valid header, or its header's key fails, every key of the ring is tried on it without
 * associated data: GCM's tag rejects a wrong key, so a wrong guess fails safely. Keys that sealed such rows must
 * therefore stay in the ring.
 * <p>
 * {@link #lookupHash} is a keyed blind index for equality look-ups (login finds a participant by phone number) and
 * for stand-ins that must stay the same without being traceable (the lottery's published draw pseudonyms).
 * <p>
 * Started eagerly so a bad ring (unknown current id, a key of the wrong length) stops the service at start-up.
 */
@Startup
@ApplicationScoped
public class FieldCipher {

    /** The purpose of phone numbers; their look-up hashes carry no purpose prefix (see {@link #lookupHash}). */
    static final String PHONE = "phone";

    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final String AES_GCM = "AES/GCM/NoPadding";

    private final Map<String, SecretKeySpec> ring = new LinkedHashMap<>();
    private final SecretKeySpec currentKey;
    private final byte[] currentHeader;
    private final SecretKeySpec hashKey;
    private final SecureRandom random = new SecureRandom();

    public FieldCipher(CryptoConfig config) {
        KeyRing keys = KeyRing.of("anquanli.crypto.field-keys", config.fieldKeys(), config.fieldKey(),
                "anquanli.crypto.field-key");
        keys.all().forEach((id, key) -> ring.put(id, new SecretKeySpec(key, "AES")));
        this.currentKey = ring.get(keys.currentId());
        byte[] id = keys.currentId().getBytes(StandardCharsets.US_ASCII);
        this.currentHeader = ByteBuffer.allocate(2 + id.length).put(VERSION).put((byte) id.length).put(id).array();
        this.hashKey = new SecretKeySpec(KeyRing.decode(config.phoneHashKey(), "anquanli.crypto.phone-hash-key"),
                "HmacSHA256");
    }

    /** Encrypts {@code plaintext} for {@code purpose} ("phone", "claim") under the current key; null stays null. */
    public byte[] seal(String purpose, String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(Cipher.ENCRYPT_MODE, currentKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(currentHeader, currentHeader.length, purpose));
            byte[] body = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(currentHeader.length + IV_BYTES + body.length)
                    .put(currentHeader).put(iv).put(body).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The plaintext of a value sealed for {@code purpose}; null stays null.
     *
     * @throws IllegalStateException when no key of the ring opens it (another purpose, a retired key, tampering)
     */
    public String open(String purpose, byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        int header = headerLength(sealed);
        if (header > 0) {
            SecretKeySpec key = ring.get(new String(sealed, 2, header - 2, StandardCharsets.US_ASCII));
            byte[] plain = key == null ? null : tryOpen(key, sealed, header, associatedData(sealed, header, purpose));
            if (plain != null) {
                return new String(plain, StandardCharsets.UTF_8);
            }
        }
        if (sealed.length >= IV_BYTES + TAG_BYTES) {
            for (SecretKeySpec key : ring.values()) {
                byte[] plain = tryOpen(key, sealed, 0, null);
                if (plain != null) {
                    return new String(plain, StandardCharsets.UTF_8);
                }
            }
        }
        throw new IllegalStateException("A sealed " + purpose + " value opens with no key of the ring");
    }

    /**
     * Keyed HMAC-SHA256 of {@code value} for equality look-ups that must not reveal it; null stays null. Phone hashes
     * are HMAC(number) because participant.phone_hash holds them so; every other purpose hashes
     * {@code purpose + ":" + value}, so equal values of different kinds do not share a hash.
     */
    public byte[] lookupHash(String purpose, String value) {
        if (value == null) {
            return null;
        }
        String message = PHONE.equals(purpose) ? value : purpose + ":" + value;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length of a well-formed header ({@code 0x01 | n | n id bytes}, room for IV and tag after it), else 0. */
    private static int headerLength(byte[] sealed) {
        if (sealed.length < 2 || sealed[0] != VERSION || sealed[1] < 1 || sealed[1] > 16) {
            return 0;
        }
        int header = 2 + sealed[1];
        return sealed.length >= header + IV_BYTES + TAG_BYTES ? header : 0;
    }

    private static byte[] associatedData(byte[] header, int headerLength, String purpose) {
        byte[] p = purpose.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(headerLength + p.length).put(header, 0, headerLength).put(p).array();
    }

    /** The plaintext, or null when the tag does not match (wrong key, purpose or bytes). */
    private static byte[] tryOpen(SecretKeySpec key, byte[] sealed, int offset, byte[] associatedData) {
        try {
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, offset, IV_BYTES));
            if (associatedData != null) {
                cipher.updateAAD(associatedData);
            }
            return cipher.doFinal(sealed, offset + IV_BYTES, sealed.length - offset - IV_BYTES);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
