package anquanli.common;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Phone numbers are personal information (个人信息保护法): stored as an AES-256-GCM ciphertext for the rare case
 * the number itself is needed, and as an HMAC-SHA256 keyed hash for look-up at login. Responses only ever carry the
 * masked form 138****5678.
 */
@ApplicationScoped
public class PhoneProtector {

    /** Mainland mobile numbers: 11 digits starting with 1 and a second digit 3-9. */
    public static final Pattern MOBILE = Pattern.compile("^1[3-9]\\d{9}$");
    private static final int IV_BYTES = 12;

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec hashKey;
    private final SecureRandom random = new SecureRandom();

    public PhoneProtector(@ConfigProperty(name = "anquanli.crypto.phone-encryption-key") String encryptionKey,
                          @ConfigProperty(name = "anquanli.crypto.phone-hash-key") String hashKey) {
        this.encryptionKey = new SecretKeySpec(key(encryptionKey, "phone-encryption-key"), "AES");
        this.hashKey = new SecretKeySpec(key(hashKey, "phone-hash-key"), "HmacSHA256");
    }

    /** Accepts "13812345678", "+86 138 1234 5678", "138-1234-5678"; returns the 11 digits or null. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String digits = raw.replaceAll("[\\s-]", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        }
        return MOBILE.matcher(digits).matches() ? digits : null;
    }

    public static String mask(String phone) {
        return phone.substring(0, 3) + "****" + phone.substring(7);
    }

    public byte[] lookupHash(String phone) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return mac.doFinal(phone.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex of the look-up hash: a key for Redis entries that must not reveal the number. */
    public String lookupKey(String phone) {
        return java.util.HexFormat.of().formatHex(lookupHash(phone));
    }

    public byte[] encrypt(String phone) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(phone.getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String decrypt(byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, stored, 0, IV_BYTES));
            return new String(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Phone ciphertext cannot be opened with the configured key", e);
        }
    }

    private static byte[] key(String base64, String name) {
        byte[] key = Base64.getDecoder().decode(base64.trim());
        if (key.length != 32) {
            throw new IllegalStateException("anquanli.crypto." + name + " must be 32 bytes, base64-encoded");
        }
        return key;
    }
}
