package anquanli.statistics.rounds;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.Spreadsheets;
import anquanli.participant.SmsMessage;
import anquanli.participant.SmsSender;
import anquanli.region.Region;
import anquanli.region.RegionRef;
import anquanli.region.RegionTree;
import anquanli.statistics.StatisticsService;
import anquanli.statistics.rounds.ReportTemplate.FieldType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static anquanli.common.AppClock.CAMPAIGN_ZONE;

/**
 * Each region's table in a round: filling in (drafts), submitting, reopening by the level above, the rolled-up table
 * with the measured figures, the status of the regions below, and reminders to their contacts ({@link ContactService}).
 */
@ApplicationScoped
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class);
    private static final long MAX_COUNT = 1_000_000_000L;

    private final Pool pool;
    private final RoundRepository rounds;
    private final RoundService roundService;
    private final StatisticsService statistics;
    private final RegionTree regions;
    private final AdminScope scope;
    private final ContactService contacts;
    private final SmsSender sms;
    private final AppClock clock;

    public SubmissionService(Pool pool, RoundRepository rounds, RoundService roundService,
                             StatisticsService statistics, RegionTree regions, AdminScope scope,
                             ContactService contacts, SmsSender sms, AppClock clock) {
        this.pool = pool;
        this.rounds = rounds;
        this.roundService = roundService;
        this.statistics = statistics;
        this.regions = regions;
        this.scope = scope;
        this.contacts = contacts;
        this.sms = sms;
        this.clock = clock;
    }

    /**
     * Saves what the region's office typed (null clears a field) and, with {@code submit}, submits the table. A
     * submitted table is changed only after the level above reopened it. Every change is kept.
     */
    public Uni<RoundViews.Table> fill(AdminScope.Admin admin, long roundId, String regionCode,
                                      Map<String, Object> entries, boolean submit) {
        Region region = regions.require(regionCode);
        scope.require(admin, AdminAction.FILL_PROGRESS_REPORT, region);
        Instant now = clock.now();
        return participating(admin, roundId, region).chain(round -> {
            ReportTemplate template = round.template().mapTo(ReportTemplate.class);
            Map<String, Object> typed = check(template, entries == null ? Map.of() : entries);
            return pool.withTransaction(tx -> rounds.ensureSubmission(tx, roundId, regionCode, admin.username(), now)
                    .chain(() -> rounds.lockSubmission(tx, roundId, regionCode)).chain(s -> {
                        if (RoundTables.SUBMITTED.equals(s.status())) {
                            throw ApiProblem.conflict("submission-submitted", "This table was submitted; the level "
                                    + "above can reopen it");
                        }
                        JsonObject merged = s.entries().copy();
                        JsonArray changes = new JsonArray();
                        typed.forEach((field, value) -> {
                            Object old = merged.getValue(field);
                            if (!Objects.equals(old, value)) {
                                changes.add(new JsonObject().put("field", field).put("old", old).put("new", value));
                                if (value == null) {
                                    merged.remove(field);
                                } else {
                                    merged.put(field, value);
                                }
                            }
                        });
                        String status = submit ? RoundTables.SUBMITTED : s.status();
                        Uni<Void> saved = rounds.upsertSubmission(tx, new RoundRepository.SubmissionRow(roundId,
                                regionCode, status, merged, submit ? now : s.submittedAt(),
                                submit ? admin.username() : s.submittedBy(), now, admin.username()));
                        if (!changes.isEmpty()) {
                            saved = saved.chain(() -> rounds.recordChange(tx, roundId, regionCode, "SAVE", changes,
                                    null, admin.username(), now));
                        }
                        return submit ? saved.chain(() -> rounds.recordChange(tx, roundId, regionCode, "SUBMIT",
                                new JsonArray(), null, admin.username(), now)) : saved;
                    }));
        }).invoke(() -> {
            if (submit) {
                LOG.infof("Round %d: %s submitted by %s", roundId, regionCode, admin.username());
            }
        }).chain(() -> table(admin, roundId, regionCode));
    }

    /** Reopens a submitted table, with a reason: only the level above (its office or any office above that). */
    public Uni<RoundViews.Table> reopen(AdminScope.Admin admin, long roundId, String regionCode, String reason) {
        Region region = regions.require(regionCode);
        scope.require(admin, AdminAction.REOPEN_PROGRESS_REPORT, region);
        Instant now = clock.now();
        return participating(admin, roundId, region).chain(round -> pool.withTransaction(tx ->
                rounds.lockSubmission(tx, roundId, regionCode).chain(s -> {
                    if (s == null || !RoundTables.SUBMITTED.equals(s.status())) {
                        throw ApiProblem.conflict("submission-not-submitted", "Only a submitted table can be reopened");
                    }
                    return rounds.upsertSubmission(tx, new RoundRepository.SubmissionRow(roundId, regionCode,
                                    "REOPENED", s.entries(), s.submittedAt(), s.submittedBy(), now, admin.username()))
                            .chain(() -> rounds.recordChange(tx, roundId, regionCode, "REOPEN", new JsonArray(),
                                    reason.strip(), admin.username(), now));
                }))).invoke(() -> LOG.infof("Round %d: %s reopened by %s", roundId, regionCode, admin.username()))
                .chain(() -> table(admin, roundId, regionCode));
    }

    /** The region's table (null: the country's): its entries, the roll-up, the measured figures, its children. */
    public Uni<RoundViews.Table> table(AdminScope.Admin admin, long roundId, String regionCode) {
        return computed(admin, roundId, regionCode).map(Computed::table);
    }

    /** A table with what it was computed from, for the exports. */
    record Computed(RoundRepository.RoundRow round, ReportTemplate template, Region region,
                    List<RoundRepository.SubmissionRow> submissions, StatisticsService.Report report,
                    RoundViews.Table table) {
    }

    Uni<Computed> computed(AdminScope.Admin admin, long roundId, String regionCode) {
        Region region = country(regionCode) ? null : regions.require(regionCode);
        scope.require(admin, AdminAction.VIEW_STATISTICS, region);
        return participating(admin, roundId, region).chain(round -> {
            ReportTemplate template = round.template().mapTo(ReportTemplate.class);
            String root = region == null ? "CN" : region.code();
            return rounds.submissionsWithin(pool, roundId, region == null ? "" : region.code())
                    .chain(subs -> statistics.report(round.campaignId(), region, round.periodFrom(), round.periodTo())
                            .chain(report -> statuses(round, region, subs).map(children -> {
                                RoundRepository.SubmissionRow own = subs.stream()
                                        .filter(s -> s.regionCode().equals(root)).findFirst().orElse(null);
                                RoundViews.Table table = new RoundViews.Table(RoundViews.Round.of(round),
                                        template.title(), status(round, region, own, null),
                                        sections(template, own, RoundTables.rollUp(template, root, subs, regions),
                                                measured(report, null)), children);
                                return new Computed(round, template, region, subs, report, table);
                            })));
        });
    }

    /** The report's figures for the region itself (child null) or for one of its children (a row of the report). */
    static Map<String, Map<String, Number>> measured(StatisticsService.Report report, String child) {
        Map<String, Map<String, Number>> measured = new HashMap<>();
        report.sections().forEach(s -> measured.put(s.key(), child == null ? s.total()
                : s.rows().stream().filter(r -> r.region() != null && r.region().code().equals(child))
                .findFirst().map(StatisticsService.RowView::values).orElse(Map.of())));
        return measured;
    }

    /** The table of a child of the computed region, from the same submissions and the report's row for the child. */
    List<RoundViews.Section> childSections(Computed c, String childCode) {
        RoundRepository.SubmissionRow own = c.submissions().stream().filter(s -> s.regionCode().equals(childCode))
                .findFirst().orElse(null);
        List<RoundRepository.SubmissionRow> below = c.submissions().stream()
                .filter(s -> s.regionCode().startsWith(childCode)).toList();
        return sections(c.template(), own, RoundTables.rollUp(c.template(), childCode, below, regions),
                measured(c.report(), childCode));
    }

    /**
     * The table as a file: XLSX in the official layout (with the region's contact in full, as the form asks), or CSV
     * of the region and each child side by side.
     */
    public Uni<byte[]> export(AdminScope.Admin admin, long roundId, String regionCode, Spreadsheets.Format format) {
        return computed(admin, roundId, regionCode).chain(c -> {
            String unit = c.region() == null ? "全国" : c.region().name();
            if (format == Spreadsheets.Format.CSV) {
                Map<String, List<RoundViews.Section>> columns = new LinkedHashMap<>();
                columns.put(unit, c.table().sections());
                c.table().children().forEach(ch -> columns.put(ch.region().name() + "（" + ch.region().code() + "）",
                        childSections(c, ch.region().code())));
                return Uni.createFrom().item(RoundExports.csv(columns));
            }
            Uni<ContactService.ContactForm> contact = c.region() == null ? Uni.createFrom().nullItem()
                    : contacts.inFull(c.region().code());
            return contact.map(k -> RoundExports.xlsx(new RoundExports.Head(c.template().title() + "（"
                    + c.round().title() + "）", unit, k == null ? null : k.name(),
                    k == null ? null : k.officePhone() != null ? k.officePhone() : k.mobile(),
                    c.table().status().submittedAt() != null ? clock.dayOf(c.table().status().submittedAt())
                            : clock.today()), c.table().sections()));
        });
    }

    /** The regions directly below (and the region itself): who submitted, who is late, who was reopened. */
    public Uni<List<RoundViews.Status>> status(AdminScope.Admin admin, long roundId, String regionCode) {
        return table(admin, roundId, regionCode).map(RoundViews.Table::children);
    }

    public Uni<List<RoundViews.Change>> history(AdminScope.Admin admin, long roundId, String regionCode) {
        Region region = regions.require(regionCode);
        scope.require(admin, AdminAction.VIEW_STATISTICS, region);
        return participating(admin, roundId, region).chain(r -> rounds.history(pool, roundId, regionCode))
                .map(list -> list.stream().map(c -> new RoundViews.Change(c.action(), changes(c.changes()),
                        c.reason(), c.actor(), c.at())).toList());
    }

    /** Texts the contacts of the regions below that have not submitted (through the one SMS sender seam). */
    public Uni<RoundViews.Reminders> remind(AdminScope.Admin admin, long roundId, String regionCode) {
        return table(admin, roundId, regionCode).chain(t -> {
            scope.require(admin, AdminAction.FILL_PROGRESS_REPORT, country(regionCode) ? null
                    : regions.require(regionCode));
            List<String> due = t.children().stream().filter(c -> !RoundTables.SUBMITTED.equals(c.status()))
                    .map(c -> c.region().code()).toList();
            return contacts.mobiles(due).chain(mobiles -> {
                String deadline = DateTimeFormatter.ofPattern("M月d日HH:mm").format(t.round().deadline()
                        .atZone(CAMPAIGN_ZONE));
                List<Uni<Void>> sends = mobiles.values().stream().map(mobile -> sms.send(mobile,
                        SmsMessage.reportReminder(t.round().title(), deadline))).toList();
                List<String> without = due.stream().filter(code -> !mobiles.containsKey(code)).toList();
                Uni<Void> all = sends.isEmpty() ? Uni.createFrom().voidItem()
                        : Uni.join().all(sends).andCollectFailures().replaceWithVoid();
                return all.map(x -> new RoundViews.Reminders(mobiles.size(), without))
                        .invoke(r -> LOG.infof("Round %d: %d reminder(s) sent by %s for %s", roundId, r.sent(),
                                admin.username(), regionCode == null ? "CN" : regionCode));
            });
        });
    }

    /** The round, if the admin sees it and the region (null: the country) reports in it. */
    Uni<RoundRepository.RoundRow> participating(AdminScope.Admin admin, long roundId, Region region) {
        return roundService.visible(admin, roundId).invoke(r -> {
            if (!RoundService.inScope(r, region)) {
                throw new ApiProblem(403, "region-outside-round", "Not in this round",
                        "This round covers " + r.scopeCode() + " only");
            }
        });
    }

    private Map<String, Object> check(ReportTemplate template, Map<String, Object> entries) {
        Map<String, Object> typed = new LinkedHashMap<>();
        List<String> defects = new ArrayList<>();
        entries.forEach((id, value) -> {
            ReportTemplate.Field f = template.field(id).orElse(null);
            if (f == null) {
                defects.add(id + ": no such field in this round's table");
            } else if (f.measured()) {
                defects.add(id + ": measured by the service (" + f.source() + "), not typed");
            } else if (value == null) {
                typed.put(id, null);
            } else if (f.type() == FieldType.COUNT && value instanceof Number n && n.doubleValue() == n.longValue()
                    && n.longValue() >= 0 && n.longValue() <= MAX_COUNT) {
                typed.put(id, n.longValue());
            } else if (f.type() == FieldType.YES_NO && value instanceof Boolean b) {
                typed.put(id, b);
            } else if (f.type() == FieldType.TEXT && value instanceof String s && !s.isBlank()
                    && s.strip().length() <= ReportTemplate.MAX_TEXT) {
                typed.put(id, s.strip());
            } else {
                defects.add(id + ": " + switch (f.type()) {
                    case COUNT -> "a whole number from 0 to " + MAX_COUNT;
                    case YES_NO -> "true or false";
                    case TEXT -> "a text of 1-" + ReportTemplate.MAX_TEXT + " characters";
                });
            }
        });
        if (!defects.isEmpty()) {
            throw new ApiProblem(422, "entries-invalid", "Invalid entries", defects.size()
                    + " entr(ies) refused; nothing was saved", Map.of("defects", defects));
        }
        return typed;
    }

    List<RoundViews.Section> sections(ReportTemplate template, RoundRepository.SubmissionRow own,
                                              RoundTables.Totals totals, Map<String, Map<String, Number>> measured) {
        JsonObject entries = own == null ? new JsonObject() : own.entries();
        return template.sections().stream().map(s -> new RoundViews.Section(s.id(), s.title(), s.lines().stream()
                .map(l -> {
                    List<RoundViews.Field> fields = l.fields().stream().map(f -> {
                        Long total = null;
                        List<RoundViews.Text> texts = List.of();
                        if (f.measured()) {
                            String[] src = f.source().split("\\.", 2);
                            Number n = measured.getOrDefault(src[0], Map.of()).get(src[1]);
                            total = n == null ? 0L : n.longValue();
                        } else if (f.type() == FieldType.TEXT) {
                            texts = totals.texts(f.id()).stream().map(t -> new RoundViews.Text(ref(t.regionCode()),
                                    t.text())).toList();
                        } else {
                            total = totals.number(f.id());
                        }
                        return new RoundViews.Field(f.id(), f.type(), f.unit(), f.source(),
                                f.measured() ? null : entries.getValue(f.id()), total, texts);
                    }).toList();
                    return new RoundViews.Line(l.id(), l.item(), l.requirement(), progress(l.requirement(), fields),
                            fields);
                }).toList())).toList();
    }

    /** The requirement with its blanks filled: counts as （N）, yes/no boxes ticked, texts after it. */
    static String progress(String requirement, List<RoundViews.Field> fields) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        List<RoundViews.Field> blanks = fields.stream().filter(f -> f.type() != FieldType.TEXT).toList();
        int b = 0;
        while (next < requirement.length()) {
            if (requirement.startsWith(ReportTemplate.COUNT_BLANK, next) && b < blanks.size()) {
                RoundViews.Field f = blanks.get(b++);
                out.append("（").append(f.total() == null ? " " : f.total()).append("）");
                next += ReportTemplate.COUNT_BLANK.length();
            } else if (requirement.startsWith(ReportTemplate.YES_NO_BLANK, next) && b < blanks.size()) {
                RoundViews.Field f = blanks.get(b++);
                boolean rolled = f.own() == null && f.total() != null && f.total() > 0;
                out.append(rolled ? "是（" + f.total() + "）" : Boolean.TRUE.equals(f.own()) ? "☑是□否"
                        : Boolean.FALSE.equals(f.own()) ? "□是☑否" : ReportTemplate.YES_NO_BLANK);
                next += ReportTemplate.YES_NO_BLANK.length();
            } else {
                out.append(requirement.charAt(next++));
            }
        }
        fields.stream().filter(f -> f.type() == FieldType.TEXT).flatMap(f -> f.texts().stream()).forEach(t ->
                out.append("\n").append(t.region() == null ? "" : "【" + t.region().name() + "】").append(t.text()));
        return out.toString();
    }

    private Uni<List<RoundViews.Status>> statuses(RoundRepository.RoundRow round, Region region,
                                                  List<RoundRepository.SubmissionRow> subs) {
        List<Region> children = region == null ? regions.provinces().stream()
                .filter(p -> RoundService.inScope(round, p)).toList() : region.children();
        Map<String, RoundRepository.SubmissionRow> byCode = new HashMap<>();
        subs.forEach(s -> byCode.put(s.regionCode(), s));
        return contacts.masked(children.stream().map(Region::code).toList()).map(byRegion -> children.stream()
                .map(c -> status(round, c, byCode.get(c.code()), byRegion.get(c.code()))).toList());
    }

    private RoundViews.Status status(RoundRepository.RoundRow round, Region region,
                                     RoundRepository.SubmissionRow s, RoundViews.Contact contact) {
        String status = s == null ? "NOT_STARTED" : s.status();
        boolean submitted = RoundTables.SUBMITTED.equals(status);
        boolean late = submitted ? s.submittedAt().isAfter(round.deadline()) : clock.now().isAfter(round.deadline());
        return new RoundViews.Status(region == null ? null : RegionRef.of(region), status,
                submitted ? s.submittedAt() : null, submitted ? s.submittedBy() : null, late,
                contact);
    }

    private RegionRef ref(String code) {
        Region r = regions.find(code);
        return r == null ? null : RegionRef.of(r);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> changes(JsonArray a) {
        List<Map<String, Object>> out = new ArrayList<>();
        a.forEach(o -> out.add(((JsonObject) o).getMap()));
        return out;
    }

    /** The country's table is asked for as CN (or with no region). */
    static boolean country(String regionCode) {
        return regionCode == null || regionCode.isBlank() || regionCode.equals("CN");
    }
}
