package anquanli.hazard;

import anquanli.common.ApiProblem;
import anquanli.common.Paging;
import anquanli.common.AppClock;
import anquanli.common.CoordinateSystem;
import anquanli.region.Region;
import io.smallrye.mutiny.Uni;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The officers' lists of reports: pages (newest first, continued by a cursor rather than an offset, so a page deep in
 * a province's list costs as much as the first), the map's GeoJSON and the rows of an export.
 */
@ApplicationScoped
public class HazardQueries {

    /** Most features on one map; the console narrows by region, category or dates beyond that. */
    static final int MAP_LIMIT = 5000;
    /**
     * Most rows of one export: an export is built in memory (20,000 rows of up to 2,000 characters stay within tens
     * of MB); offices narrow by region or dates beyond that.
     */
    static final int EXPORT_LIMIT = 20_000;

    private final Pool pool;
    private final HazardRepository reports;
    private final HazardPresenter presenter;
    private final AppClock clock;

    public HazardQueries(@ReactiveDataSource("reporting") Pool pool, HazardRepository reports, HazardPresenter presenter, AppClock clock) {
        this.pool = pool;
        this.reports = reports;
        this.presenter = presenter;
        this.clock = clock;
    }

    /** Parses the list filters; {@code region} is already checked against the admin's scope (null: the country). */
    HazardRepository.Filter filter(Region region, String category, List<String> statuses, LocalDate from,
                                   LocalDate to, boolean overdue) {
        HazardCategory c = null;
        if (category != null && !category.isBlank()) {
            try {
                c = HazardCategory.valueOf(category.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("category-unknown", "category must be one of "
                        + java.util.Arrays.toString(HazardCategory.values()));
            }
        }
        List<HazardStatus> s = new ArrayList<>();
        for (String raw : statuses == null ? List.<String>of() : statuses) {
            for (String one : raw.split(",")) {
                if (one.isBlank()) {
                    continue;
                }
                try {
                    s.add(HazardStatus.valueOf(one.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ApiProblem.badRequest("status-unknown", "status must be among "
                            + java.util.Arrays.toString(HazardStatus.values()));
                }
            }
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiProblem.badRequest("range-invalid", "from must not be after to");
        }
        return new HazardRepository.Filter(region == null ? "" : region.code(), c, s, from, to, overdue, clock.now());
    }

    public Uni<HazardViews.Page> page(HazardRepository.Filter f, String cursor, int limit, CoordinateSystem system) {
        Paging.Cursor after = Paging.parseCursor(cursor, Paging.Cursor::uuid);
        return reports.search(pool, f, after == null ? null : after.at(), after == null ? null : after.uuid(), limit,
                false).map(rows -> {
            String next = null;
            if (rows.size() == limit) {
                HazardReport last = rows.get(rows.size() - 1);
                next = Paging.cursor(last.submittedAt(), last.id());
            }
            return new HazardViews.Page(rows.stream().map(r -> presenter.item(r, system)).toList(), next);
        });
    }

    public record Geometry(String type, List<Double> coordinates) {
    }

    public record Feature(String type, String id, Geometry geometry, Map<String, Object> properties) {
    }

    public record FeatureCollection(String type, List<Feature> features, boolean truncated) {
    }

    public Uni<FeatureCollection> map(HazardRepository.Filter f, CoordinateSystem system) {
        return reports.search(pool, f, null, null, MAP_LIMIT + 1, true).map(rows -> {
            List<Feature> features = new ArrayList<>();
            Instant now = clock.now();
            for (HazardReport r : rows.subList(0, Math.min(rows.size(), MAP_LIMIT))) {
                HazardViews.Location at = HazardViews.Location.of(r, system);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("trackingCode", r.trackingCode());
                p.put("category", r.category().name());
                p.put("categoryTitle", r.category().title());
                p.put("status", r.status().name());
                p.put("submittedAt", r.submittedAt().toString());
                p.put("overdue", r.overdue(now));
                p.put("coordinateSystem", system.name());
                features.add(new Feature("Feature", r.id().toString(),
                        new Geometry("Point", List.of(at.lng(), at.lat())), p));
            }
            return new FeatureCollection("FeatureCollection", features, rows.size() > MAP_LIMIT);
        });
    }

    /** Rows for an export (newest first), as list items in WGS-84; never the identity. */
    public Uni<List<HazardViews.ListItem>> all(HazardRepository.Filter f) {
        return reports.search(pool, f, null, null, EXPORT_LIMIT, false)
                .map(rows -> rows.stream().map(r -> presenter.item(r, CoordinateSystem.WGS84)).toList());
    }
}
