package anquanli.leaderboard;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreTest {

    private static final LocalDate START = LocalDate.of(2027, 6, 1);

    @Test
    void valueAndTimeRoundTrip() {
        double s = Score.encode(1_234_567, 86_400);
        assertThat(Score.value(s)).isEqualTo(1_234_567);
        assertThat(Score.t(s)).isEqualTo(86_400);
    }

    @Test
    void higherValuesRankFirstAndEarlierWinsTies() {
        assertThat(Score.encode(31, 999_999)).isGreaterThan(Score.encode(30, 0));
        assertThat(Score.encode(30, 10)).isGreaterThan(Score.encode(30, 11));
    }

    @Test
    void theLargestValuesStayExactInADouble() {
        double s = Score.encode(Score.MAX_VALUE, 0);
        assertThat(Score.value(s)).isEqualTo(Score.MAX_VALUE);
        assertThat(Score.t(s)).isZero();
        assertThat(Score.value(Score.encode(Score.MAX_VALUE + 5, 7))).isEqualTo(Score.MAX_VALUE);
    }

    @Test
    void timeCountsFromTheCampaignsFirstMidnightInShanghaiAndIsClamped() {
        assertThat(Score.t(START, Instant.parse("2027-05-31T16:00:00Z"))).isZero();
        assertThat(Score.t(START, Instant.parse("2027-06-01T16:00:00Z"))).isEqualTo(86_400);
        assertThat(Score.t(START, Instant.parse("2027-05-01T00:00:00Z"))).isZero();
        assertThat(Score.t(START, Instant.parse("2027-12-31T00:00:00Z"))).isEqualTo(Score.SHIFT - 1);
    }

    @Test
    void namesAreMasked() {
        assertThat(Names.mask("张三丰")).isEqualTo("张*丰");
        assertThat(Names.mask("欧阳娜娜")).isEqualTo("欧*娜");
        assertThat(Names.mask("张三")).isEqualTo("张*");
        assertThat(Names.mask("李")).isEqualTo("李*");
        assertThat(Names.mask(" ")).isEqualTo("*");
    }
}
