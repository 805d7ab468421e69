package anquanli.statistics;

import anquanli.region.Region;
import io.smallrye.mutiny.Uni;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 参与知识竞赛（ ）人次 and the other competition figures, from the daily roll-up that every attempt's closing adds to
 * (quiz.CompetitionRollup): a few thousand rows per report at any volume. Participants are distinct people who have
 * played in the region since the campaign began, up to the report's last day (累计); a day's row counts the distinct
 * people who played that day. A participant counts once in a region; one who moved region mid-campaign counts in each
 * child region they played in, and once in the parent.
 */
@ApplicationScoped
public class CompetitionSection implements StatisticsSection {

    private static final String IN_RANGE = " filter (where local_day >= $4)";
    private static final String SUMS = "coalesce(sum(attempts)" + IN_RANGE + ", 0) as attempts, "
            + "coalesce(sum(points)" + IN_RANGE + ", 0) as points, "
            + "coalesce(sum(perfect_attempts)" + IN_RANGE + ", 0) as perfect_attempts, "
            + "coalesce(sum(lottery_chances)" + IN_RANGE + ", 0) as lottery_chances";
    private static final String CUMULATIVE = "coalesce(sum(first_in_campaign), 0) as participants, " + SUMS;
    private static final String DAILY = "coalesce(sum(first_in_day), 0) as participants, " + SUMS;
    private static final List<Column> COLUMNS = List.of(
            new Column("participants", "参与人数"),
            new Column("attempts", "参与知识竞赛人次"),
            new Column("averageScore", "平均得分"),
            new Column("perfectAttempts", "满分人次"),
            new Column("lotteryChances", "获得抽奖机会"),
            new Column("points", "积分"));

    private final Pool pool;

    public CompetitionSection(@ReactiveDataSource("reporting") Pool pool) {
        this.pool = pool;
    }

    @Override
    public String key() {
        return "competition";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String title() {
        return "知识竞赛";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Uni<Figures> compute(long campaignId, Region scope, LocalDate from, LocalDate to) {
        return RollupFigures.compute(pool, "competition_rollup", CUMULATIVE, DAILY, campaignId, scope, from, to,
                CompetitionSection::values);
    }

    private static Map<String, Number> values(io.vertx.mutiny.sqlclient.Row r) {
        Map<String, Number> v = new LinkedHashMap<>();
        long attempts = r.getLong("attempts");
        long points = r.getLong("points");
        v.put("participants", r.getLong("participants"));
        v.put("attempts", attempts);
        v.put("averageScore", attempts == 0 ? BigDecimal.ZERO.setScale(1)
                : BigDecimal.valueOf(points).divide(BigDecimal.valueOf(attempts), 1, RoundingMode.HALF_UP));
        v.put("perfectAttempts", r.getLong("perfect_attempts"));
        v.put("lotteryChances", r.getLong("lottery_chances"));
        v.put("points", points);
        return v;
    }
}
