package anquanli.hazard;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The amounts of 安全生产领域举报奖励办法 (安监总财〔2018〕19号, art. 11), as facts:
 * <ul>
 * <li>a major hazard (重大事故隐患) or illegal production (违法生产经营建设): 15 % of the administrative fine, at least
 * 3,000 and at most 300,000 yuan;</li>
 * <li>a concealed or falsely reported accident (瞒报、谎报事故): per death found concealed, 30,000 / 40,000 / 50,000 /
 * 60,000 yuan for an ordinary / larger / major / especially major accident, at most 300,000 yuan.</li>
 * </ul>
 * Only the first valid real-name reporter of a matter is rewarded (多人多次举报同一事项的，仅对最先有效举报人奖励).
 */
public final class RewardRule {

    public enum Basis { MAJOR_HAZARD, ILLEGAL_ACTIVITY, CONCEALED_ACCIDENT }

    public enum AccidentGrade {
        ORDINARY(30_000), LARGER(40_000), MAJOR(50_000), ESPECIALLY_MAJOR(60_000);

        final int perDeath;

        AccidentGrade(int perDeath) {
            this.perDeath = perDeath;
        }
    }

    static final BigDecimal SHARE = new BigDecimal("0.15");
    static final BigDecimal MIN = new BigDecimal("3000.00");
    static final BigDecimal MAX = new BigDecimal("300000.00");

    private RewardRule() {
    }

    /** The amount in yuan (two decimals) the rule gives, or an IllegalArgumentException naming what is missing. */
    public static BigDecimal amount(Basis basis, BigDecimal fine, Integer deaths, AccidentGrade grade) {
        BigDecimal raw;
        if (basis == Basis.CONCEALED_ACCIDENT) {
            if (deaths == null || deaths < 1 || grade == null) {
                throw new IllegalArgumentException("a concealed accident needs the deaths found concealed and the grade");
            }
            raw = BigDecimal.valueOf((long) deaths * grade.perDeath);
        } else {
            if (fine == null || fine.signum() < 0) {
                throw new IllegalArgumentException("the reward is 15 % of the fine imposed: fineAmount is required");
            }
            raw = fine.multiply(SHARE).max(MIN);
        }
        return raw.min(MAX).setScale(2, RoundingMode.HALF_UP);
    }
}
