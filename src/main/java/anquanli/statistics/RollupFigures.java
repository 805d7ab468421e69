package anquanli.statistics;

import anquanli.region.Region;
import anquanli.region.RegionNodes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The three aggregates of a section from a daily roll-up table keyed by region node ({@link RegionNodes}): the scope's
 * total (its own node), one row per child (the nodes whose parent it is; its direct node becomes the row of activity
 * in none of its children) and one per day. A few rows per day and region, whatever the volume of facts behind them.
 * <p>
 * The select lists see $4 (from) and $5 (to); rows span the campaign's days up to {@code to}, so cumulative figures
 * (distinct people since the campaign began) can sum every day and the others filter on {@code local_day >= $4}.
 */
final class RollupFigures {

    private RollupFigures() {
    }

    static Uni<StatisticsSection.Figures> compute(Pool pool, String table, String cumulative, String daily,
                                                  long campaignId, Region scope, LocalDate from, LocalDate to,
                                                  Function<Row, Map<String, Number>> values) {
        RegionNodes.Node total = RegionNodes.totalOf(scope);
        String children = RegionNodes.childrenOf(scope);
        Tuple own = Tuple.of(campaignId, total.code(), total.parent(), from, to);
        Uni<Map<String, Number>> sum = pool.preparedQuery("select " + cumulative + " from " + table
                        + " where campaign_id = $1 and region_code = $2 and parent_code = $3 and local_day <= $5 "
                        + "and $4::date is not null")
                .execute(own).map(rows -> values.apply(rows.iterator().next()));
        Uni<List<StatisticsSection.Row>> rows = pool.preparedQuery("select region_code, " + cumulative + " from "
                        + table + " where campaign_id = $1 and parent_code = $2 and local_day <= $3 "
                        + "and $4::date is not null and $5::date is not null group by region_code")
                .execute(Tuple.of(campaignId, children, to, from, to)).map(rs -> {
                    List<StatisticsSection.Row> out = new ArrayList<>();
                    rs.forEach(r -> {
                        String code = r.getString("region_code");
                        out.add(new StatisticsSection.Row(code.equals(children) ? null : code, values.apply(r)));
                    });
                    return out;
                });
        Uni<List<StatisticsSection.Day>> days = pool.preparedQuery("select local_day, " + daily + " from " + table
                        + " where campaign_id = $1 and region_code = $2 and parent_code = $3 "
                        + "and local_day between $4 and $5 group by local_day order by local_day")
                .execute(own).map(rs -> {
                    List<StatisticsSection.Day> out = new ArrayList<>();
                    rs.forEach(r -> out.add(new StatisticsSection.Day(r.getLocalDate("local_day"), values.apply(r))));
                    return out;
                });
        return Uni.combine().all().unis(sum, rows, days).asTuple()
                .map(t -> new StatisticsSection.Figures(t.getItem1(), t.getItem2(), t.getItem3()));
    }
}
