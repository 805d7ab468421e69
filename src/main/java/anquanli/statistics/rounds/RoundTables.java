package anquanli.statistics.rounds;

import anquanli.region.Region;
import anquanli.region.RegionTree;
import anquanli.statistics.rounds.ReportTemplate.Field;
import anquanli.statistics.rounds.ReportTemplate.FieldType;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roll-up of a round's tables: a region's table is its own entries plus the tables its children submitted, each
 * of those its own entries plus its children's submitted tables, and so on down. Counts add up; a yes/no box counts the
 * yeses; texts are listed with the region that wrote them. A table that was not submitted does not reach the level
 * above (nor what lies below it). Measured fields are not rolled up here: the service computes them for the region
 * itself ({@link SubmissionService}), so nothing is ever counted twice.
 */
final class RoundTables {

    static final String SUBMITTED = "SUBMITTED";

    /** A region's figures: counts and yeses per field, texts per field. */
    static final class Totals {
        final Map<String, Long> numbers = new HashMap<>();
        final Map<String, List<Text>> texts = new HashMap<>();

        void add(Totals other) {
            other.numbers.forEach((k, v) -> numbers.merge(k, v, Long::sum));
            other.texts.forEach((k, v) -> texts.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }

        long number(String field) {
            return numbers.getOrDefault(field, 0L);
        }

        List<Text> texts(String field) {
            return texts.getOrDefault(field, List.of());
        }
    }

    /** A text and the region that wrote it. */
    record Text(String regionCode, String regionName, String text) {
    }

    private RoundTables() {
    }

    /**
     * The totals of {@code rootCode} ("CN" for the country) from the submissions of it and the regions below it.
     * The root's own entries count whatever their status (an office sees its own draft in its table).
     */
    static Totals rollUp(ReportTemplate template, String rootCode, List<RoundRepository.SubmissionRow> submissions,
                         RegionTree regions) {
        Map<String, RoundRepository.SubmissionRow> byCode = new HashMap<>();
        submissions.forEach(s -> byCode.put(s.regionCode(), s));
        Map<String, Totals> totals = new LinkedHashMap<>();
        totals.put(rootCode, new Totals());
        List<RoundRepository.SubmissionRow> deepestFirst = new ArrayList<>(submissions);
        deepestFirst.sort(Comparator.comparingInt((RoundRepository.SubmissionRow s) -> s.regionCode().length())
                .reversed());
        for (RoundRepository.SubmissionRow s : deepestFirst) {
            Totals t = totals.computeIfAbsent(s.regionCode(), k -> new Totals());
            addOwn(template, t, s.entries(), s.regionCode(), regions);
            if (s.regionCode().equals(rootCode) || !SUBMITTED.equals(s.status())) {
                continue;
            }
            Region region = regions.find(s.regionCode());
            String parent = region == null || region.parent() == null ? "CN" : region.parent().code();
            if (parent.equals(rootCode) || byCode.containsKey(parent)) {
                totals.computeIfAbsent(parent, k -> new Totals()).add(t);
            }
        }
        return totals.get(rootCode);
    }

    private static void addOwn(ReportTemplate template, Totals t, JsonObject entries, String code,
                               RegionTree regions) {
        if (entries == null) {
            return;
        }
        for (Field f : template.fields().toList()) {
            Object v = entries.getValue(f.id());
            if (v == null || f.measured()) {
                continue;
            }
            if (f.type() == FieldType.COUNT) {
                t.numbers.merge(f.id(), ((Number) v).longValue(), Long::sum);
            } else if (f.type() == FieldType.YES_NO) {
                t.numbers.merge(f.id(), Boolean.TRUE.equals(v) ? 1L : 0L, Long::sum);
            } else {
                Region r = regions.find(code);
                t.texts.computeIfAbsent(f.id(), k -> new ArrayList<>())
                        .add(new Text(code, r == null ? code : r.name(), v.toString()));
            }
        }
    }
}
