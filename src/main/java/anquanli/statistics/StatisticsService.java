package anquanli.statistics;

import anquanli.common.ApiProblem;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import anquanli.region.Region;
import anquanli.region.RegionRef;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The progress report: for a region (or the whole country) and each of its child regions, every section's figures
 * over a range of days, plus a daily series. Every child region is listed, with zeroes where nothing happened, so
 * the rows always add up to the total.
 */
@ApplicationScoped
public class StatisticsService {

    public static final String UNASSIGNED = "未细分到下级地区";

    private final List<StatisticsSection> sections;
    private final CampaignRepository campaigns;
    private final RegionTree regions;

    public StatisticsService(@Any Instance<StatisticsSection> sections, CampaignRepository campaigns,
                             RegionTree regions) {
        this.sections = sections.stream().sorted(Comparator.comparingInt(StatisticsSection::order)).toList();
        this.campaigns = campaigns;
        this.regions = regions;
    }

    public record RowView(RegionRef region, String label, Map<String, Number> values) {
    }

    public record SectionView(String key, String title, List<StatisticsSection.Column> columns,
                              Map<String, Number> total, List<RowView> rows, List<StatisticsSection.Day> daily) {
    }

    public record Report(long campaignId, String campaignName, RegionRef region, LocalDate from, LocalDate to,
                         List<SectionView> sections) {
    }

    /** The campaign's first day (404 for an unknown campaign). */
    public LocalDate campaignStart(long campaignId) {
        Campaign campaign = campaigns.find(campaignId);
        if (campaign == null) {
            throw ApiProblem.notFound("Campaign", campaignId);
        }
        return campaign.startDate();
    }

    public List<String> provinceCodes() {
        return regions.provinces().stream().map(Region::code).toList();
    }

    /** What a template's measured field may name: each section's key and its column keys. */
    public Map<String, Set<String>> measurable() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        sections.forEach(s -> m.put(s.key(), s.columns().stream().map(StatisticsSection.Column::key)
                .collect(Collectors.toCollection(LinkedHashSet::new))));
        return m;
    }

    public Uni<Report> report(long campaignId, Region scope, LocalDate from, LocalDate to) {
        Campaign campaign = campaigns.find(campaignId);
        if (campaign == null) {
            return Uni.createFrom().failure(ApiProblem.notFound("Campaign", campaignId));
        }
        LocalDate start = from == null ? campaign.startDate() : from;
        LocalDate end = to == null ? campaign.endDate() : to;
        if (start.isAfter(end)) {
            return Uni.createFrom().failure(ApiProblem.badRequest("range-invalid", "from must not be after to"));
        }
        if (ChronoUnit.DAYS.between(start, end) > 366) {
            return Uni.createFrom().failure(ApiProblem.badRequest("range-invalid", "A report covers at most a year"));
        }
        List<Uni<SectionView>> views = sections.stream()
                .map(s -> s.compute(campaignId, scope, start, end).map(f -> view(s, scope, f))).toList();
        return Uni.join().all(views).andFailFast().map(list -> new Report(campaignId, campaign.name(),
                scope == null ? null : RegionRef.of(scope), start, end, list));
    }

    private SectionView view(StatisticsSection section, Region scope, StatisticsSection.Figures figures) {
        Map<String, StatisticsSection.Row> byCode = new HashMap<>();
        figures.rows().forEach(r -> byCode.put(r.code(), r));
        List<Region> children = scope == null ? regions.provinces() : scope.children();
        List<RowView> rows = new ArrayList<>();
        for (Region child : children) {
            StatisticsSection.Row r = byCode.remove(child.code());
            rows.add(new RowView(RegionRef.of(child), child.name(), r == null ? zero(section) : r.values()));
        }
        // Activity not assigned to any child (people registered at county level, seen from the county).
        byCode.values().forEach(r -> rows.add(new RowView(r.code() == null ? null : ref(r.code()),
                r.code() == null ? UNASSIGNED : ref(r.code()) == null ? r.code() : ref(r.code()).name(), r.values())));
        return new SectionView(section.key(), section.title(), section.columns(), figures.total(), rows,
                figures.daily());
    }

    private RegionRef ref(String code) {
        Region r = regions.find(code);
        return r == null ? null : RegionRef.of(r);
    }

    private static Map<String, Number> zero(StatisticsSection section) {
        Map<String, Number> v = new LinkedHashMap<>();
        section.columns().forEach(c -> v.put(c.key(), 0));
        return v;
    }
}
