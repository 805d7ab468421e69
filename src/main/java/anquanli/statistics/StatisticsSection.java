package anquanli.statistics;

import anquanli.region.Region;
import io.smallrye.mutiny.Uni;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One section of the progress report (进展情况统计表). The competition is the first; hazard reports and
 * consultation-day check-ins add theirs as further beans of this type, and the report, its exports and its
 * clients take them without change.
 */
public interface StatisticsSection {

    String key();

    /** Where the section stands in the report and its exports: lower first. */
    int order();

    String title();

    List<Column> columns();

    /**
     * The figures for {@code scope} (null: the whole country) and each of its child regions, over the days
     * {@code from}..{@code to} (Asia/Shanghai, inclusive) of a campaign.
     */
    Uni<Figures> compute(long campaignId, Region scope, LocalDate from, LocalDate to);

    record Column(String key, String title) {
    }

    /** A child row: region code (null for activity not assigned to any child, e.g. county-level participants). */
    record Row(String code, Map<String, Number> values) {
    }

    record Day(LocalDate day, Map<String, Number> values) {
    }

    record Figures(Map<String, Number> total, List<Row> rows, List<Day> daily) {
    }
}
