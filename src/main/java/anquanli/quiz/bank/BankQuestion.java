package anquanli.quiz.bank;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One question as the bank defines it. For true/false questions options are empty and the answer is
 * ["TRUE"] or ["FALSE"]; otherwise the answer lists option keys.
 */
public record BankQuestion(String id, QuestionType type, String category, int difficulty, String stem,
                           List<Option> options, List<String> answer, String explanation, LegalRef reference,
                           String file, int line) {

    public record Option(String key, String text) {
    }

    public record LegalRef(String law, String article, String edition) {
    }

    public static final String TRUE = "TRUE";
    public static final String FALSE = "FALSE";

    /** Identifies the content; re-importing identical content is a no-op, anything else makes a new version. */
    public String contentHash() {
        StringBuilder sb = new StringBuilder();
        sb.append(type).append('\u0001').append(category).append('\u0001').append(difficulty).append('\u0001')
                .append(stem).append('\u0001');
        options.forEach(o -> sb.append(o.key()).append('\u0002').append(o.text()).append('\u0003'));
        sb.append('\u0001').append(String.join(",", answer)).append('\u0001').append(explanation);
        if (reference != null) {
            sb.append('\u0001').append(reference.law()).append('\u0002').append(reference.article())
                    .append('\u0002').append(reference.edition());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
