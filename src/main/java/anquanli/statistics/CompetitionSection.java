package anquanli.statistics;

import anquanli.quiz.PointsLedger;
import anquanli.region.Region;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 参与知识竞赛（ ）人次 and the other competition figures, from the points ledger (one row per closed attempt, with
 * every region level) joined to the attempts. Aggregated in PostgreSQL. A participant counts once in a region; one
 * who moved region mid-campaign counts in each child region they played in.
 */
@ApplicationScoped
public class CompetitionSection implements StatisticsSection {

    private static final String FIGURES = "count(distinct l.participant_id) as participants, count(*) as attempts, "
            + "coalesce(round(avg(l.points)::numeric, 1), 0) as average_score, "
            + "count(*) filter (where a.correct_count = a.question_count) as perfect_attempts, "
            + "coalesce(sum(a.lottery_chances), 0) as lottery_chances, coalesce(sum(l.points), 0) as points";
    private static final List<Column> COLUMNS = List.of(
            new Column("participants", "参与人数"),
            new Column("attempts", "参与知识竞赛人次"),
            new Column("averageScore", "平均得分"),
            new Column("perfectAttempts", "满分人次"),
            new Column("lotteryChances", "获得抽奖机会"),
            new Column("points", "积分"));

    private final Pool pool;

    public CompetitionSection(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String key() {
        return "competition";
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
        // Answering only: lottery prize points (reason LOTTERY, no attempt) are the winner's own, not a region's.
        String where = " from points_ledger l join attempt a on a.id = l.attempt_id where l.campaign_id = $1 "
                + "and l.reason = '" + PointsLedger.ATTEMPT + "' "
                + "and l.local_day between $2 and $3"
                + (scope == null ? "" : " and " + RegionFigures.levelColumn("l", scope) + " = $4");
        Tuple args = scope == null ? Tuple.of(campaignId, from, to) : Tuple.of(campaignId, from, to, scope.code());
        return RegionFigures.compute(pool, "l", FIGURES, where, args, scope, CompetitionSection::values);
    }

    private static Map<String, Number> values(io.vertx.mutiny.sqlclient.Row r) {
        Map<String, Number> v = new LinkedHashMap<>();
        v.put("participants", r.getLong("participants"));
        v.put("attempts", r.getLong("attempts"));
        v.put("averageScore", r.getBigDecimal("average_score").setScale(1, java.math.RoundingMode.HALF_UP));
        v.put("perfectAttempts", r.getLong("perfect_attempts"));
        v.put("lotteryChances", r.getLong("lottery_chances"));
        v.put("points", r.getLong("points"));
        return v;
    }
}
