package anquanli.lottery;

import anquanli.common.FieldCipher;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A winner's name, phone and address are personal information (个人信息保护法): stored sealed by {@link FieldCipher},
 * opened only for national admins who ship prizes. Everyone else sees the masked forms.
 */
@ApplicationScoped
public class ClaimProtector {

    /** One purpose for the claim's three columns: they are only ever opened together, for the same admin. */
    private static final String PURPOSE = "claim";

    private final FieldCipher cipher;

    public ClaimProtector(FieldCipher cipher) {
        this.cipher = cipher;
    }

    public byte[] seal(String plain) {
        return cipher.seal(PURPOSE, plain);
    }

    public String open(byte[] sealed) {
        return cipher.open(PURPOSE, sealed);
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
