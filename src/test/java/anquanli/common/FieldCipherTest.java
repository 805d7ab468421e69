package anquanli.common;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldCipherTest {

    /** The dev ring of application.properties: p0 and c0 were the phone and claim keys before keys had ids. */
    private static final String P0 = "cqzGiVTAmaqW3bbF0Yf24JeadmFFfOQ7EAufJA2s2d8=";
    private static final String C0 = "o5Ud8/LjOvFZb9LCegeIMwHAlSPvvnH5845JYRUNfwU=";
    private static final String K1 = "keDe4CU173V6ys9ETRR/BaqpvhAGVwy+JsGdXjfGsx0=";
    private static final String HASH_KEY = "P6IZe6ZOdbkQv8g7fyi6mKgLFqrHWsed/AGgAoWJ6EY=";
    private static final String ADDRESS = "北京市朝阳区安全路1号 张三";

    record Keys(Map<String, String> fieldKeys, String fieldKey, String phoneHashKey) implements CryptoConfig {
        @Override
        public Map<String, String> codeKeys() {
            return Map.of();
        }

        @Override
        public String codeKey() {
            return "";
        }
    }

    private static FieldCipher cipher(Map<String, String> ring, String current) {
        return new FieldCipher(new Keys(ring, current, HASH_KEY));
    }

    private static FieldCipher devCipher() {
        return cipher(Map.of("p0", P0, "c0", C0, "k1", K1), "k1");
    }

    private static String freshKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** IV(12) || ciphertext+tag, no associated data: what the phone and claim protectors wrote before key ids. */
    private static byte[] legacySeal(String base64Key, String plain) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array();
    }

    @Test
    void sealedChineseTextOpensAgainAndIsNotReadableSealed() {
        FieldCipher cipher = devCipher();

        byte[] sealed = cipher.seal("claim", ADDRESS);

        assertThat(cipher.open("claim", sealed)).isEqualTo(ADDRESS);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(
                new String("安全路".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    @Test
    void nullIsSealedAndOpenedAsNull() {
        FieldCipher cipher = devCipher();

        assertThat(cipher.seal("claim", null)).isNull();
        assertThat(cipher.open("claim", null)).isNull();
        assertThat(cipher.lookupHash("phone", null)).isNull();
    }

    @Test
    void twoSealsOfTheSameTextDiffer() {
        FieldCipher cipher = devCipher();

        assertThat(cipher.seal("phone", "13812345678")).isNotEqualTo(cipher.seal("phone", "13812345678"));
    }

    @Test
    void aValueSealedUnderTheOldKeyOpensAfterRotationAndNewValuesUseTheNewKey() {
        String a = freshKey();
        String b = freshKey();
        FieldCipher beforeRotation = cipher(Map.of("a", a), "a");
        byte[] old = beforeRotation.seal("claim", ADDRESS);

        FieldCipher afterRotation = cipher(Map.of("a", a, "b2", b), "b2");
        byte[] fresh = afterRotation.seal("claim", ADDRESS);

        assertThat(afterRotation.open("claim", old)).isEqualTo(ADDRESS);
        assertThat(old[0]).isEqualTo((byte) 1);
        assertThat(new String(old, 2, old[1], StandardCharsets.US_ASCII)).isEqualTo("a");
        assertThat(fresh[0]).isEqualTo((byte) 1);
        assertThat(new String(fresh, 2, fresh[1], StandardCharsets.US_ASCII)).isEqualTo("b2");
        assertThat(afterRotation.open("claim", fresh)).isEqualTo(ADDRESS);
        assertThatThrownBy(() -> beforeRotation.open("claim", fresh)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aValueSealedForOnePurposeDoesNotOpenAsAnother() {
        FieldCipher cipher = devCipher();

        byte[] claim = cipher.seal("claim", "13812345678");

        assertThatThrownBy(() -> cipher.open("phone", claim)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void changingAnyByteOfASealedValueMakesItFailToOpen() {
        FieldCipher cipher = devCipher();
        byte[] sealed = cipher.seal("phone", "13812345678");

        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.open("phone", tampered)).as("byte %d changed", i)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void valuesWrittenWithoutAHeaderUnderTheFormerPhoneAndClaimKeysStillOpen() throws Exception {
        FieldCipher cipher = devCipher();

        assertThat(cipher.open("phone", legacySeal(P0, "13812345678"))).isEqualTo("13812345678");
        assertThat(cipher.open("claim", legacySeal(C0, ADDRESS))).isEqualTo(ADDRESS);
    }

    @Test
    void aValueWithoutAHeaderUnderAKeyOutsideTheRingFails() throws Exception {
        byte[] foreign = legacySeal(freshKey(), "13812345678");

        assertThatThrownBy(() -> devCipher().open("phone", foreign)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thePhoneLookupHashIsTheHmacOfTheNumberAndOtherPurposesArePrefixed() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(HASH_KEY), "HmacSHA256"));
        byte[] phone = mac.doFinal("13812345678".getBytes(StandardCharsets.US_ASCII));
        byte[] reporter = mac.doFinal("reporter:13812345678".getBytes(StandardCharsets.UTF_8));

        FieldCipher cipher = devCipher();

        assertThat(cipher.lookupHash("phone", "13812345678")).isEqualTo(phone);
        assertThat(cipher.lookupHash("reporter", "13812345678")).isEqualTo(reporter).isNotEqualTo(phone);
    }

    @Test
    void aCurrentKeyIdMissingFromTheRingFailsFast() {
        assertThatThrownBy(() -> cipher(Map.of("k1", K1), "k2")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anquanli.crypto.field-key=k2");
    }

    @Test
    void aKeyOfTheWrongLengthFailsFastWithoutShowingTheKey() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> cipher(Map.of("k1", K1, "k2", short16), "k1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anquanli.crypto.field-keys.k2 must be 32 bytes")
                .hasMessageNotContaining(short16);
        assertThatThrownBy(() -> cipher(Map.of("k1", "not base64!"), "k1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("field-keys.k1 must be 32 bytes");
        assertThatThrownBy(() -> new FieldCipher(new Keys(Map.of("k1", K1), "k1", short16)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("phone-hash-key must be 32 bytes");
    }

    @Test
    void aKeyIdOutsideTheAllowedCharactersFailsFast() {
        assertThatThrownBy(() -> cipher(Map.of("K1", K1), "K1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("field-keys.K1");
        assertThatThrownBy(() -> cipher(Map.of("k1234567890123456", K1), "k1234567890123456"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theRingAndTheCurrentKeyCanBeSetThroughEnvironmentVariables() {
        String rotated = freshKey();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of("ANQUANLI_CRYPTO_FIELD_KEYS_K1", K1,
                        "ANQUANLI_CRYPTO_FIELD_KEYS_K2", rotated, "ANQUANLI_CRYPTO_FIELD_KEY", "k2",
                        "ANQUANLI_CRYPTO_PHONE_HASH_KEY", HASH_KEY, "ANQUANLI_CRYPTO_CODE_KEYS_Q1", rotated,
                        "ANQUANLI_CRYPTO_CODE_KEY", "q1"), 300))
                .withMapping(CryptoConfig.class).build();

        CryptoConfig crypto = config.getConfigMapping(CryptoConfig.class);
        FieldCipher fromEnvironment = new FieldCipher(crypto);

        assertThat(crypto.fieldKeys()).containsOnlyKeys("k1", "k2");
        assertThat(crypto.codeKeys()).containsOnlyKeys("q1");
        byte[] sealed = fromEnvironment.seal("claim", ADDRESS);
        assertThat(new String(sealed, 2, sealed[1], StandardCharsets.US_ASCII)).isEqualTo("k2");
        byte[] underK1 = cipher(Map.of("k1", K1), "k1").seal("claim", ADDRESS);
        assertThat(fromEnvironment.open("claim", underK1)).isEqualTo(ADDRESS);
    }
}
