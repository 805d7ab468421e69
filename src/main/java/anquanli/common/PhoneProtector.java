package anquanli.common;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Phone numbers are personal information (个人信息保护法): stored sealed by {@link FieldCipher} for the rare case the
 * number itself is needed, and as a keyed hash for look-up at login. Responses only ever carry the masked form
 * 138****5678.
 */
@ApplicationScoped
public class PhoneProtector {

    /** Mainland mobile numbers: 11 digits starting with 1 and a second digit 3-9. */
    public static final Pattern MOBILE = Pattern.compile("^1[3-9]\\d{9}$");

    private final FieldCipher cipher;

    public PhoneProtector(FieldCipher cipher) {
        this.cipher = cipher;
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

    /** The value of participant.phone_hash for a normalised number. */
    public byte[] lookupHash(String phone) {
        return cipher.lookupHash(FieldCipher.PHONE, phone);
    }

    /** Hex of the look-up hash: a key for Redis entries that must not reveal the number. */
    public String lookupKey(String phone) {
        return HexFormat.of().formatHex(lookupHash(phone));
    }

    /** The value of participant.phone_cipher. */
    public byte[] seal(String phone) {
        return cipher.seal(FieldCipher.PHONE, phone);
    }

    /** The number in participant.phone_cipher, for the rare case it is needed (a notice the participant asked for). */
    public String open(byte[] sealed) {
        return cipher.open(FieldCipher.PHONE, sealed);
    }
}
