package anquanli.statistics;

import anquanli.activity.ActivityKind;
import anquanli.region.Region;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 开展安全宣传咨询活动（ ）场，参与（ ）人次 and the report's other lines of that shape: per kind of activity, the events
 * held (场次: registered and not cancelled, on their day) and the people taking part (人次: app check-ins on the day of
 * the scan, plus the walk-in head counts on the event's day), from the daily roll-up every event, head count and
 * check-in writes in its own transaction (activity_rollup). Counted where the event is held, town → county → city →
 * province → country.
 */
@ApplicationScoped
public class ActivitySection implements StatisticsSection {

    private static final String IN_RANGE = "local_day >= $4";
    private static final String FIGURES;
    private static final List<Column> COLUMNS;

    static {
        StringBuilder sql = new StringBuilder();
        List<Column> columns = new ArrayList<>();
        for (ActivityKind k : ActivityKind.values()) {
            String where = " filter (where " + IN_RANGE + " and kind = '" + k.name() + "'), 0) as ";
            sql.append("coalesce(sum(events)").append(where).append(k.name().toLowerCase()).append("_events, ")
                    .append("coalesce(sum(check_ins + head_count)").append(where).append(k.name().toLowerCase())
                    .append("_people, ");
            columns.add(new Column(k.key() + "Events", k.title() + "（场）"));
            columns.add(new Column(k.key() + "Participants", k.title() + "参与（人次）"));
        }
        String all = " filter (where " + IN_RANGE + "), 0) as ";
        sql.append("coalesce(sum(events)").append(all).append("events, ")
                .append("coalesce(sum(check_ins)").append(all).append("check_ins, ")
                .append("coalesce(sum(offline_check_ins)").append(all).append("offline_check_ins, ")
                .append("coalesce(sum(head_count)").append(all).append("head_count");
        columns.add(new Column("events", "活动合计（场）"));
        columns.add(new Column("participants", "参与合计（人次）"));
        columns.add(new Column("checkIns", "其中扫码签到（人次）"));
        columns.add(new Column("offlineCheckIns", "扫码签到中离线补传（人次）"));
        columns.add(new Column("headCount", "其中现场登记（人次）"));
        FIGURES = sql.toString();
        COLUMNS = List.copyOf(columns);
    }

    private final Pool pool;

    public ActivitySection(@ReactiveDataSource("reporting") Pool pool) {
        this.pool = pool;
    }

    @Override
    public String key() {
        return "activities";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public String title() {
        return "安全生产月活动";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Uni<Figures> compute(long campaignId, Region scope, LocalDate from, LocalDate to) {
        return RollupFigures.compute(pool, "activity_rollup", FIGURES, FIGURES, campaignId, scope, from, to,
                ActivitySection::values);
    }

    private static Map<String, Number> values(io.vertx.mutiny.sqlclient.Row r) {
        Map<String, Number> v = new LinkedHashMap<>();
        for (ActivityKind k : ActivityKind.values()) {
            v.put(k.key() + "Events", r.getLong(k.name().toLowerCase() + "_events"));
            v.put(k.key() + "Participants", r.getLong(k.name().toLowerCase() + "_people"));
        }
        long checkIns = r.getLong("check_ins");
        long headCount = r.getLong("head_count");
        v.put("events", r.getLong("events"));
        v.put("participants", checkIns + headCount);
        v.put("checkIns", checkIns);
        v.put("offlineCheckIns", r.getLong("offline_check_ins"));
        v.put("headCount", headCount);
        return v;
    }
}
