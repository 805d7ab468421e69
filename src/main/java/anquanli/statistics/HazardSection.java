package anquanli.statistics;

import anquanli.common.AppClock;
import anquanli.region.Region;
import io.smallrye.mutiny.Uni;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 社区居民、企业员工举报重大隐患和违法违规行为（ ）条次, and what became of them: reports sent in the days of the report,
 * counted where the hazard is (its county or town and their ancestors), whoever handles them now; how many were
 * accepted, found true, closed, are overdue now, and the rewards granted for them.
 */
@ApplicationScoped
public class HazardSection implements StatisticsSection {

    private static final String FIGURES = "count(*) as reports, "
            + "count(*) filter (where r.accepted_at is not null) as accepted, "
            + "count(*) filter (where r.verified) as verified, "
            + "count(*) filter (where r.status = 'CLOSED') as closed, "
            + "count(*) filter (where r.status in ('ACCEPTED', 'VERIFYING', 'RECTIFYING') and r.due_at < $4) as overdue, "
            + "count(w.report_id) as rewards, coalesce(sum(w.amount), 0) as reward_amount";
    private static final List<Column> COLUMNS = List.of(
            new Column("reports", "举报隐患和违法违规行为（条次）"),
            new Column("accepted", "受理（条）"),
            new Column("verified", "核查属实（条）"),
            new Column("closed", "办结（条）"),
            new Column("overdue", "逾期未办结（条）"),
            new Column("rewards", "奖励（人次）"),
            new Column("rewardAmount", "奖励金额（元）"));

    private final Pool pool;
    private final AppClock clock;

    public HazardSection(@ReactiveDataSource("reporting") Pool pool, AppClock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public String key() {
        return "hazards";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public String title() {
        return "隐患举报";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    /** Reports belong to no campaign: the campaign only gives the default days. */
    @Override
    public Uni<Figures> compute(long campaignId, Region scope, LocalDate from, LocalDate to) {
        String where = " from hazard_report r left join hazard_reward w on w.report_id = r.id "
                + "and w.status in ('GRANTED', 'CLAIMED', 'PAID') where r.local_day between $1 and $2 "
                + "and ($3::text is null or " + RegionFigures.levelColumn("r", scope) + " = $3)";
        Tuple args = Tuple.of(from, to, scope == null ? null : scope.code(), clock.now().atOffset(ZoneOffset.UTC));
        return RegionFigures.compute(pool, "r", FIGURES, where, args, scope, HazardSection::values);
    }

    private static Map<String, Number> values(io.vertx.mutiny.sqlclient.Row r) {
        Map<String, Number> v = new LinkedHashMap<>();
        v.put("reports", r.getLong("reports"));
        v.put("accepted", r.getLong("accepted"));
        v.put("verified", r.getLong("verified"));
        v.put("closed", r.getLong("closed"));
        v.put("overdue", r.getLong("overdue"));
        v.put("rewards", r.getLong("rewards"));
        v.put("rewardAmount", r.getBigDecimal("reward_amount").setScale(2, java.math.RoundingMode.HALF_UP));
        return v;
    }
}
