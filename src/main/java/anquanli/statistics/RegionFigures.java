package anquanli.statistics;

import anquanli.region.Region;
import anquanli.region.RegionLevel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The three aggregates every section reports, from a table whose rows carry their region at every level
 * (province_code, city_code, county_code, town_code) and a local_day: the total, one row per child region, and one per
 * day. Sections give their figures (the select list) and their rows (from and where).
 */
final class RegionFigures {

    private static final String[] LEVEL_COLUMNS = {"province_code", "city_code", "county_code", "town_code"};

    private RegionFigures() {
    }

    /** The column of {@code alias} that holds the region at {@code scope}'s level (the province for the country). */
    static String levelColumn(String alias, Region scope) {
        return alias + "." + LEVEL_COLUMNS[scope == null ? 0 : scope.level().ordinal()];
    }

    /**
     * {@code fromWhere} selects the rows within the scope and the days; {@code figures} is the select list, mapped by
     * {@code values}.
     */
    static Uni<StatisticsSection.Figures> compute(Pool pool, String alias, String figures, String fromWhere,
                                                  Tuple args, Region scope,
                                                  Function<Row, Map<String, Number>> values) {
        boolean hasChildren = scope == null || scope.level() != RegionLevel.TOWN;
        Uni<Map<String, Number>> total = pool.preparedQuery("select " + figures + fromWhere).execute(args)
                .map(rows -> values.apply(rows.iterator().next()));
        String child = hasChildren ? alias + "." + LEVEL_COLUMNS[scope == null ? 0 : scope.level().ordinal() + 1] : null;
        Uni<List<StatisticsSection.Row>> rows = !hasChildren ? Uni.createFrom().item(List.of())
                : pool.preparedQuery("select " + child + " as code, " + figures + fromWhere + " group by " + child)
                .execute(args).map(rs -> {
                    List<StatisticsSection.Row> out = new ArrayList<>();
                    rs.forEach(r -> out.add(new StatisticsSection.Row(r.getString("code"), values.apply(r))));
                    return out;
                });
        Uni<List<StatisticsSection.Day>> daily = pool.preparedQuery("select " + alias + ".local_day as day, " + figures
                        + fromWhere + " group by " + alias + ".local_day order by " + alias + ".local_day")
                .execute(args).map(rs -> {
                    List<StatisticsSection.Day> out = new ArrayList<>();
                    rs.forEach(r -> out.add(new StatisticsSection.Day(r.getLocalDate("day"), values.apply(r))));
                    return out;
                });
        return Uni.combine().all().unis(total, rows, daily).asTuple()
                .map(t -> new StatisticsSection.Figures(t.getItem1(), t.getItem2(), t.getItem3()));
    }
}
