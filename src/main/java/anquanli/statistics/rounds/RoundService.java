package anquanli.statistics.rounds;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.quiz.campaign.CampaignRepository;
import anquanli.region.Region;
import anquanli.region.RegionLevel;
import anquanli.region.RegionNodes;
import anquanli.statistics.StatisticsService;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The campaign's report template and its reporting rounds. A round keeps the template as it stood when it opened,
 * so editing the template never changes a round already under way.
 */
@Startup
@ApplicationScoped
public class RoundService {

    static final String DEFAULT_TEMPLATE = "report-templates/national.yaml";

    private final Pool pool;
    private final RoundRepository rounds;
    private final CampaignRepository campaigns;
    private final StatisticsService statistics;
    private final AdminScope scope;
    private final AppClock clock;
    private final String defaultSource;
    private final ReportTemplate defaultTemplate;

    public RoundService(Pool pool, RoundRepository rounds, CampaignRepository campaigns, StatisticsService statistics,
                        AdminScope scope, AppClock clock) {
        this.pool = pool;
        this.rounds = rounds;
        this.campaigns = campaigns;
        this.statistics = statistics;
        this.scope = scope;
        this.clock = clock;
        this.defaultSource = resource(DEFAULT_TEMPLATE);
        TemplateParser.Result parsed = TemplateParser.parse(defaultSource, statistics.measurable());
        if (parsed.template() == null) {
            throw new IllegalStateException(DEFAULT_TEMPLATE + " is not a valid template: " + parsed.defects());
        }
        this.defaultTemplate = parsed.template();
    }

    public record TemplateView(long campaignId, int version, boolean isDefault, String source,
                               ReportTemplate template) {
    }

    public Uni<TemplateView> template(long campaignId) {
        return requireCampaign(campaignId).chain(() -> rounds.template(pool, campaignId)).map(t -> t == null
                ? new TemplateView(campaignId, 0, true, defaultSource, defaultTemplate)
                : new TemplateView(campaignId, t.version(), false, t.source(), t.body().mapTo(ReportTemplate.class)));
    }

    /** Replaces the campaign's template, checked whole first: one defect and nothing changes (422 template-invalid). */
    public Uni<TemplateView> saveTemplate(AdminScope.Admin admin, long campaignId, String yaml) {
        scope.require(admin, AdminAction.EDIT_REPORT_TEMPLATE, null);
        TemplateParser.Result parsed = TemplateParser.parse(yaml, statistics.measurable());
        if (parsed.template() == null) {
            throw new ApiProblem(422, "template-invalid", "Invalid template", parsed.defects().size()
                    + " defect(s); nothing was changed", Map.of("defects", parsed.defects()));
        }
        return requireCampaign(campaignId).chain(() -> rounds.saveTemplate(pool, campaignId,
                        JsonObject.mapFrom(parsed.template()), yaml, admin.username(), clock.now()))
                .map(version -> new TemplateView(campaignId, version, false, yaml, parsed.template()));
    }

    public record NewRound(long campaignId, String title, Instant deadline, LocalDate periodFrom, LocalDate periodTo,
                           String scopeCode) {
    }

    /**
     * Opens a round for the country (national admins) or a province (its office, or the national one). Its measured
     * figures cover {@code periodFrom}..{@code periodTo}, by default the campaign's first day to the deadline's day.
     */
    public Uni<RoundRepository.RoundRow> open(AdminScope.Admin admin, NewRound r) {
        Region target = scope.scope(admin, AdminAction.OPEN_REPORT_ROUNDS, blankToNull(r.scopeCode()));
        if (target != null && target.level() != RegionLevel.PROVINCE) {
            throw new ApiProblem(403, "round-scope", "Not a round's scope",
                    "Rounds are opened for the whole country or for a province, by its office or the national one");
        }
        Instant now = clock.now();
        return template(r.campaignId()).chain(t -> {
            LocalDate to = r.periodTo() != null ? r.periodTo() : clock.dayOf(r.deadline());
            LocalDate from = r.periodFrom() != null ? r.periodFrom() : statistics.campaignStart(r.campaignId());
            if (from.isAfter(to)) {
                throw ApiProblem.badRequest("range-invalid", "periodFrom must not be after periodTo");
            }
            RoundRepository.RoundRow row = new RoundRepository.RoundRow(0, r.campaignId(), r.title().strip(),
                    target == null ? RegionNodes.COUNTRY : target.code(), r.deadline(), from, to,
                    JsonObject.mapFrom(t.template()), admin.username(), now);
            return rounds.insertRound(pool, row).chain(id -> rounds.round(pool, id));
        });
    }

    /** The round, if the admin's region takes part in it (its scope contains the region, or the region the scope). */
    public Uni<RoundRepository.RoundRow> visible(AdminScope.Admin admin, long id) {
        return rounds.round(pool, id).map(r -> {
            if (r == null || !visibleTo(admin, r)) {
                throw ApiProblem.notFound("Reporting round", id);
            }
            return r;
        });
    }

    public Uni<List<RoundRepository.RoundRow>> list(AdminScope.Admin admin, long campaignId) {
        return rounds.rounds(pool, campaignId, admin.national() ? allScopes()
                : new String[]{RegionNodes.COUNTRY, admin.region().codeAt(RegionLevel.PROVINCE)});
    }

    static boolean visibleTo(AdminScope.Admin admin, RoundRepository.RoundRow r) {
        return admin.national() || r.scopeCode().equals(RegionNodes.COUNTRY)
                || r.scopeCode().equals(admin.region().codeAt(RegionLevel.PROVINCE));
    }

    /** Whether {@code region} (null: the country) reports in the round. */
    static boolean inScope(RoundRepository.RoundRow r, Region region) {
        if (r.scopeCode().equals(RegionNodes.COUNTRY)) {
            return true;
        }
        return region != null && r.scopeCode().equals(region.codeAt(RegionLevel.PROVINCE));
    }

    private String[] allScopes() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(RegionNodes.COUNTRY),
                statistics.provinceCodes().stream()).toArray(String[]::new);
    }

    private Uni<Void> requireCampaign(long campaignId) {
        return campaigns.load(pool, campaignId).invoke(c -> {
            if (c == null) {
                throw ApiProblem.notFound("Campaign", campaignId);
            }
        }).replaceWithVoid();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || s.equals(RegionNodes.COUNTRY) ? null : s;
    }

    private static String resource(String name) {
        try (InputStream in = RoundService.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
