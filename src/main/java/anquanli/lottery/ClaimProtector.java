package anquanli.lottery;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A winner's name, phone and address are personal information (个人信息保护法): stored AES-256-GCM encrypted (random
 * 96-bit IV prepended, as {@link anquanli.common.PhoneProtector} does for phones), opened only for national admins
 * who ship prizes. Everyone else sees the masked forms.
 */
@ApplicationScoped
public class ClaimProtector {

    /** The dev/test key shipped in application.properties; production must set its own. */
    static final String DEV_KEY = "o5Ud8/LjOvFZb9LCegeIMwHAlSPvvnH5845JYRUNfwU=";
    private static final int IV_BYTES = 12;

    private final SecretKeySpec key;
    private final boolean devKey;
    private final SecureRandom random = new SecureRandom();

    public ClaimProtector(LotteryConfig config) {
        byte[] raw = Base64.getDecoder().decode(config.claimEncryptionKey().trim());
        if (raw.length != 32) {
            throw new IllegalStateException("anquanli.lottery.claim-encryption-key must be 32 bytes, base64-encoded");
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.devKey = DEV_KEY.equals(config.claimEncryptionKey().trim());
    }

    void refuseDevKeyInProduction(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL && devKey) {
            throw new IllegalStateException("Production needs its own claim key: set ANQUANLI_LOTTERY_CLAIM_ENCRYPTION_KEY");
        }
    }

    public byte[] encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String decrypt(byte[] stored) {
        if (stored == null) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, IV_BYTES));
            return new String(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Claim ciphertext cannot be opened with the configured key", e);
        }
    }

    /** 张三 → 张*, 欧阳娜娜 → 欧***: the family name's first character stays, as on published winner lists. */
    public static String maskName(String name) {
        if (name == null || name.isBlank()) {
            return "*";
        }
        String n = name.strip();
        int first = n.offsetByCodePoints(0, 1);
        return n.substring(0, first) + "*".repeat(Math.max(1, n.codePointCount(first, n.length())));
    }
}
