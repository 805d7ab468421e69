package anquanli.common;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeSignerTest {

    private static final String Q0 = fresh();
    private static final String Q1 = fresh();

    record Keys(Map<String, String> codeKeys, String codeKey) implements CryptoConfig {
        @Override
        public Map<String, String> fieldKeys() {
            return Map.of("k1", Q0);
        }

        @Override
        public String fieldKey() {
            return "k1";
        }

        @Override
        public String phoneHashKey() {
            return Q0;
        }
    }

    private static String fresh() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static CodeSigner signer(Map<String, String> ring, String current) {
        return new CodeSigner(new Keys(ring, current));
    }

    private static CodeSigner.Refusal refusal(CodeSigner signer, String purpose, String code) {
        try {
            signer.verify(purpose, code);
            return null;
        } catch (CodeSigner.RefusedCode e) {
            return e.refusal();
        }
    }

    @Test
    void aSignedCodeVerifiesToItsBody() throws Exception {
        CodeSigner signer = signer(Map.of("q1", Q1), "q1");
        String code = signer.sign("poster", "AQ1.2s.abc.def");

        assertThat(code).startsWith("AQ1.2s.abc.def.q1.").hasSizeLessThan(60);
        assertThat(signer.verify("poster", code)).isEqualTo("AQ1.2s.abc.def");
        assertThat(CodeSigner.keyIdOf(code)).isEqualTo("q1");
    }

    @Test
    void anAlteredBodyOrMacIsRefused() {
        CodeSigner signer = signer(Map.of("q1", Q1), "q1");
        String code = signer.sign("poster", "AQ1.2s.abc.def");

        assertThat(refusal(signer, "poster", code.replace("AQ1.2s", "AQ1.2t"))).isEqualTo(CodeSigner.Refusal.BAD_SIGNATURE);
        char last = code.charAt(code.length() - 2);
        String otherMac = code.substring(0, code.length() - 2) + (last == 'A' ? 'B' : 'A') + code.charAt(code.length() - 1);
        assertThat(refusal(signer, "poster", otherMac)).isEqualTo(CodeSigner.Refusal.BAD_SIGNATURE);
    }

    @Test
    void aCodeMadeForAnotherPurposeIsRefused() {
        CodeSigner signer = signer(Map.of("q1", Q1), "q1");

        assertThat(refusal(signer, "poster", signer.sign("other", "AQ1.2s.abc.def")))
                .isEqualTo(CodeSigner.Refusal.BAD_SIGNATURE);
    }

    @Test
    void aCodeSignedWithAKeyOutsideTheRingIsRefused() {
        String forged = signer(Map.of("q1", fresh()), "q1").sign("poster", "AQ1.2s.abc.def");
        String unknownId = signer(Map.of("zz", fresh()), "zz").sign("poster", "AQ1.2s.abc.def");
        CodeSigner ours = signer(Map.of("q1", Q1), "q1");

        assertThat(refusal(ours, "poster", forged)).isEqualTo(CodeSigner.Refusal.BAD_SIGNATURE);
        assertThat(refusal(ours, "poster", unknownId)).isEqualTo(CodeSigner.Refusal.UNKNOWN_KEY);
    }

    @Test
    void malformedCodesAreRefused() {
        CodeSigner signer = signer(Map.of("q1", Q1), "q1");
        for (String bad : new String[]{null, "", "abc", ".q1.AAAA", "AQ1.q1.", "AQ1.Q!.AAAAAAAAAAAAAAAAAAAAAA",
                "AQ1.q1.%%%%", "AQ1.q1.AAAA"}) {
            assertThat(refusal(signer, "poster", bad)).as(String.valueOf(bad)).isEqualTo(CodeSigner.Refusal.MALFORMED);
        }
    }

    @Test
    void codesSignedBeforeARotationVerifyWhileTheirKeyStaysInTheRing() throws Exception {
        String printed = signer(Map.of("q0", Q0), "q0").sign("poster", "AQ1.2s.abc.def");

        CodeSigner rotated = signer(Map.of("q0", Q0, "q1", Q1), "q1");
        assertThat(rotated.verify("poster", printed)).isEqualTo("AQ1.2s.abc.def");
        assertThat(CodeSigner.keyIdOf(rotated.sign("poster", "AQ1.2s.abc.def"))).isEqualTo("q1");

        CodeSigner retired = signer(Map.of("q1", Q1), "q1");
        assertThat(refusal(retired, "poster", printed)).isEqualTo(CodeSigner.Refusal.UNKNOWN_KEY);
    }

    @Test
    void aBadRingStopsStartUp() {
        assertThatThrownBy(() -> signer(Map.of("q1", Q1), "q2")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anquanli.crypto.code-key=q2 names no key of the ring");
        assertThatThrownBy(() -> signer(Map.of("q1", "c2hvcnQ="), "q1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anquanli.crypto.code-keys.q1 must be 32 bytes");
        assertThatThrownBy(() -> signer(Map.of("Q.1", Q1), "Q.1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a key id is 1-16 characters");
    }
}
