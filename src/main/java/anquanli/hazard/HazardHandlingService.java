package anquanli.hazard;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.CoordinateSystem;
import anquanli.participant.SmsMessage;
import anquanli.participant.SmsSender;
import anquanli.region.Region;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The officers' side of a report's lifecycle: each step in one transaction on the report's locked row (the step, its
 * timeline entry with who, when and the notes, and its evidence photos), the handling deadline and its one extension,
 * and the notices to a reporter who can be told. Officers act on reports handled in their region and below
 * ({@link AdminAction#HANDLE_HAZARDS}); reports outside what an admin may read are "not found".
 */
@ApplicationScoped
public class HazardHandlingService {

    private static final Logger LOG = Logger.getLogger(HazardHandlingService.class);

    private final Pool pool;
    private final HazardRepository reports;
    private final HazardPresenter presenter;
    private final HazardReportService reporting;
    private final HazardPhotos photos;
    private final AdminScope scope;
    private final RegionTree regions;
    private final SmsSender sms;
    private final HazardConfig config;
    private final AppClock clock;

    public HazardHandlingService(Pool pool, HazardRepository reports, HazardPresenter presenter,
                                 HazardReportService reporting, HazardPhotos photos, AdminScope scope,
                                 RegionTree regions, SmsSender sms, HazardConfig config, AppClock clock) {
        this.pool = pool;
        this.reports = reports;
        this.presenter = presenter;
        this.reporting = reporting;
        this.photos = photos;
        this.scope = scope;
        this.regions = regions;
        this.sms = sms;
        this.config = config;
        this.clock = clock;
    }

    /** A step an officer takes; the fields beyond {@code to} apply to the steps that need them. */
    public record Transition(HazardStatus to, String note, String publicNote, UUID duplicateOf,
                             String transferToRegionCode, String transferToAgency, BigDecimal fineAmount) {
    }

    /** The report if the admin may read it; otherwise "not found", so ids outside a region reveal nothing. */
    public Uni<HazardReport> readable(AdminScope.Admin admin, UUID id) {
        return reports.find(pool, id).map(r -> {
            if (r == null || !scope.may(admin, AdminAction.READ_HAZARDS, region(r))) {
                throw ApiProblem.notFound("Hazard report", id);
            }
            return r;
        });
    }

    public Uni<HazardViews.AdminReport> transition(AdminScope.Admin admin, UUID id, Transition t,
                                                   List<Path> evidence) {
        Instant now = clock.now();
        return readable(admin, id)
                .invoke(r -> scope.require(admin, AdminAction.HANDLE_HAZARDS, region(r)))
                // Refused steps are refused before any evidence photo is processed; the locked row decides below.
                .invoke(r -> next(r, t, now))
                .chain(r -> checkDuplicateTarget(admin, r, t))
                .chain(() -> photos.take(evidence, 0, now.toEpochMilli()))
                .chain(stored -> pool.withTransaction(tx -> lockForStep(tx, id, t).chain(r -> {
                    // Checked again on the locked row: a transfer may have moved the report meanwhile.
                    scope.require(admin, AdminAction.HANDLE_HAZARDS, region(r));
                    HazardRepository.State next = next(r, t, now);
                    return reports.update(tx, id, next, now)
                            .chain(() -> t.to() == HazardStatus.DUPLICATE
                                    ? reports.repointDuplicates(tx, id, t.duplicateOf(), now)
                                    : Uni.createFrom().voidItem())
                            .chain(() -> reports.insertEvent(tx, id, "TRANSITION", r.status(), t.to(),
                                    admin.username(), blank(t.note()), blank(t.publicNote()), details(t), now))
                            .chain(eventId -> reports.insertPhotos(tx, id, eventId, stored.photos(), now))
                            .replaceWith(r);
                })))
                .invoke(r -> LOG.infof("Hazard report %s: %s -> %s by %s", r.trackingCode(), r.status(), t.to(),
                        admin.username()))
                .call(r -> notifyReporter(r, t.to()))
                .chain(r -> presenter.admin(id, CoordinateSystem.WGS84));
    }

    /** The new state, or a problem if the step may not follow the current one or lacks what it needs. */
    private HazardRepository.State next(HazardReport r, Transition t, Instant now) {
        boolean toAgency = r.transferredToAgency() != null;
        if (!r.status().allows(t.to(), toAgency)) {
            throw new ApiProblem(409, "transition-not-allowed", "Step not allowed",
                    "A report that is " + r.status() + " cannot become " + t.to(),
                    Map.of("currentStatus", r.status().name(), "allowed",
                            r.status().next(toAgency).stream().map(Enum::name).sorted().toList()));
        }
        HazardRepository.State s = HazardRepository.State.of(r);
        return switch (t.to()) {
            case ACCEPTED -> new HazardRepository.State(t.to(), s.handlingRegionCode(), now,
                    now.plus(Duration.ofDays(config.handlingDays())), null, null, null, null, null, null, null);
            case VERIFYING, RECTIFYING -> new HazardRepository.State(t.to(), s.handlingRegionCode(), s.acceptedAt(),
                    s.dueAt(), s.extendedAt(), s.extensionReason(), null, null, null, null, null);
            case CLOSED -> {
                if (t.fineAmount() != null && t.fineAmount().signum() < 0) {
                    throw ApiProblem.badRequest("fine-invalid", "fineAmount must not be negative");
                }
                yield new HazardRepository.State(t.to(), s.handlingRegionCode(), s.acceptedAt(), s.dueAt(),
                        s.extendedAt(), s.extensionReason(), now, true, HazardRepository.scale(t.fineAmount()), null,
                        null);
            }
            case REJECTED -> new HazardRepository.State(t.to(), s.handlingRegionCode(), s.acceptedAt(), s.dueAt(),
                    s.extendedAt(), s.extensionReason(), now, false, null, null, null);
            case DUPLICATE -> new HazardRepository.State(t.to(), s.handlingRegionCode(), s.acceptedAt(), s.dueAt(),
                    s.extendedAt(), s.extensionReason(), now, null, null, t.duplicateOf(), null);
            case TRANSFERRED -> transfer(s, t, now);
            default -> throw ApiProblem.badRequest("transition-invalid", "A report cannot be moved to " + t.to());
        };
    }

    /** To another region (whose officers then take it up) or to an agency outside the service (where it ends). */
    private HazardRepository.State transfer(HazardRepository.State s, Transition t, Instant now) {
        boolean toRegion = t.transferToRegionCode() != null && !t.transferToRegionCode().isBlank();
        boolean toAgency = t.transferToAgency() != null && !t.transferToAgency().isBlank();
        if (toRegion == toAgency) {
            throw ApiProblem.badRequest("transfer-target", "A transfer names either transferToRegionCode or "
                    + "transferToAgency");
        }
        if (toRegion) {
            Region target = regions.find(t.transferToRegionCode());
            if (target == null || !target.isLocal()) {
                throw ApiProblem.badRequest("transfer-target", "transferToRegionCode must be a known county or town");
            }
            if (target.code().equals(s.handlingRegionCode())) {
                throw ApiProblem.badRequest("transfer-target", "The report is already handled there");
            }
            return new HazardRepository.State(HazardStatus.TRANSFERRED, target.code(), null, null, null, null, null,
                    null, null, null, null);
        }
        return new HazardRepository.State(HazardStatus.TRANSFERRED, s.handlingRegionCode(), s.acceptedAt(), s.dueAt(),
                s.extendedAt(), s.extensionReason(), now, null, null, null, t.transferToAgency().strip());
    }

    /**
     * The report's row, locked. Marking a duplicate also locks the report it repeats, both in id order (two officers
     * marking two reports as each other's duplicate take turns instead of deadlocking), and checks again that the
     * original is not itself a duplicate by now: otherwise both could end as duplicates of each other.
     */
    private Uni<HazardReport> lockForStep(io.vertx.mutiny.sqlclient.SqlClient tx, UUID id, Transition t) {
        if (t.to() != HazardStatus.DUPLICATE) {
            return reports.lock(tx, id);
        }
        boolean reportFirst = id.compareTo(t.duplicateOf()) < 0;
        UUID first = reportFirst ? id : t.duplicateOf();
        UUID second = reportFirst ? t.duplicateOf() : id;
        return reports.lock(tx, first).chain(a -> reports.lock(tx, second).map(b -> {
            HazardReport original = reportFirst ? b : a;
            if (original.status() == HazardStatus.DUPLICATE) {
                throw ApiProblem.conflict("duplicate-of-duplicate", "That report is itself a duplicate of "
                        + original.duplicateOf() + "; point at that one");
            }
            return reportFirst ? a : b;
        }));
    }

    /** A duplicate points at a report the officer can see, which is not itself a duplicate (matters stay flat). */
    private Uni<Void> checkDuplicateTarget(AdminScope.Admin admin, HazardReport r, Transition t) {
        if (t.to() != HazardStatus.DUPLICATE) {
            return Uni.createFrom().voidItem();
        }
        if (t.duplicateOf() == null || t.duplicateOf().equals(r.id())) {
            return Uni.createFrom().failure(ApiProblem.badRequest("duplicate-of-required",
                    "Marking a duplicate needs duplicateOf: the id of another report"));
        }
        return readable(admin, t.duplicateOf()).map(original -> {
            if (original.status() == HazardStatus.DUPLICATE) {
                throw ApiProblem.conflict("duplicate-of-duplicate", "That report is itself a duplicate of "
                        + original.duplicateOf() + "; point at that one");
            }
            return null;
        }).replaceWithVoid();
    }

    public Uni<HazardViews.AdminReport> extend(AdminScope.Admin admin, UUID id, int days, String reason) {
        Instant now = clock.now();
        if (days < 1 || days > config.maxExtensionDays()) {
            throw ApiProblem.badRequest("extension-invalid", "An extension is 1 to " + config.maxExtensionDays()
                    + " days");
        }
        return readable(admin, id)
                .invoke(r -> scope.require(admin, AdminAction.HANDLE_HAZARDS, region(r)))
                .chain(x -> pool.withTransaction(tx -> reports.lock(tx, id).chain(r -> {
                    if (!HazardStatus.UNDER_DEADLINE.contains(r.status())) {
                        return Uni.createFrom().failure(ApiProblem.conflict("extension-not-applicable",
                                "Only an accepted report that is still being handled has a deadline to extend"));
                    }
                    if (r.extendedAt() != null) {
                        return Uni.createFrom().failure(ApiProblem.conflict("extension-used",
                                "The deadline of this report has already been extended once"));
                    }
                    HazardRepository.State s = HazardRepository.State.of(r);
                    HazardRepository.State extended = new HazardRepository.State(s.status(), s.handlingRegionCode(),
                            s.acceptedAt(), s.dueAt().plus(Duration.ofDays(days)), now, reason.strip(), null, null,
                            null, null, null);
                    return reports.update(tx, id, extended, now)
                            .chain(() -> reports.insertEvent(tx, id, "EXTENDED", r.status(), r.status(),
                                    admin.username(), reason.strip(), null, Map.of("days", days,
                                            "dueAt", extended.dueAt().toString()), now));
                })))
                .chain(x -> presenter.admin(id, CoordinateSystem.WGS84));
    }

    /**
     * Open reports that may be the same matter: same category within the configured distance, or on the same unit,
     * among those the officer can read. Nearest first; reports on the same unit without a location last.
     */
    public Uni<List<HazardViews.Candidate>> candidates(AdminScope.Admin admin, UUID id, CoordinateSystem system) {
        return readable(admin, id).chain(r -> {
            double[] box = r.lat() == null ? new double[]{0, 0}
                    : anquanli.common.Coordinates.boxDegrees(point(r), config.duplicateRadiusMeters());
            return reports.candidates(pool, r, prefix(admin), box[0], box[1]).map(list -> list.stream()
                    .filter(c -> scope.may(admin, AdminAction.READ_HAZARDS, region(c)))
                    .map(c -> {
                        Double distance = r.lat() == null || c.lat() == null ? null
                                : anquanli.common.Coordinates.distanceMeters(point(r), point(c));
                        boolean sameUnit = r.unitId() != null && r.unitId().equals(c.unitId())
                                || r.unitName() != null && r.unitName().equalsIgnoreCase(c.unitName());
                        boolean near = distance != null && c.category() == r.category()
                                && distance <= config.duplicateRadiusMeters();
                        return near || sameUnit ? new HazardViews.Candidate(presenter.item(c, system), distance,
                                sameUnit) : null;
                    })
                    .filter(java.util.Objects::nonNull)
                    .sorted(java.util.Comparator.comparing(HazardViews.Candidate::distanceMeters,
                            java.util.Comparator.nullsLast(Double::compare)))
                    .toList());
        });
    }

    /**
     * The reporter's identity, to an officer of the report's region who gives a reason; the reveal is recorded in the
     * same transaction before anything is opened, so there is no reveal without its audit row.
     */
    public Uni<HazardViews.Identity> reveal(AdminScope.Admin admin, UUID id, String reason) {
        Instant now = clock.now();
        return readable(admin, id)
                .invoke(r -> scope.require(admin, AdminAction.REVEAL_REPORTER, region(r)))
                .chain(r -> {
                    if (r.reporterCipher() == null) {
                        return Uni.createFrom().failure(new ApiProblem(404, "reporter-anonymous",
                                "Reporter anonymous", "This report was sent anonymously and its reporter has not "
                                + "identified themself"));
                    }
                    return pool.withTransaction(tx -> reports.insertReveal(tx, id, admin.username(),
                                    admin.regionCode(), reason.strip(), now))
                            .map(x -> {
                                HazardReportService.ReporterIdentity who = reporting.open(r.reporterCipher());
                                LOG.infof("Reporter identity of hazard report %s revealed to %s", r.trackingCode(),
                                        admin.username());
                                return new HazardViews.Identity(who.participantId(), who.name(), who.phone(),
                                        r.identifiedAt());
                            });
                });
    }

    public Uni<HazardViews.RevealPage> reveals(Long before, int limit) {
        return reports.reveals(pool, before, limit).map(list -> new HazardViews.RevealPage(
                list.stream().map(v -> new HazardViews.Reveal(v.id(), v.reportId(), v.trackingCode(), v.officer(),
                        v.officerRegionCode(), v.reason(), v.at())).toList(),
                list.size() < limit ? null : list.get(list.size() - 1).id()));
    }

    /** Tells a reporter who can be told (real-name, or identified since) that the report was accepted or closed. */
    private Uni<Void> notifyReporter(HazardReport before, HazardStatus to) {
        SmsMessage message = to == HazardStatus.ACCEPTED ? SmsMessage.hazardAccepted(before.trackingCode())
                : to == HazardStatus.CLOSED ? SmsMessage.hazardClosed(before.trackingCode()) : null;
        if (message == null || before.reporterCipher() == null) {
            return Uni.createFrom().voidItem();
        }
        String phone = reporting.open(before.reporterCipher()).phone();
        return sms.send(phone, message).onFailure().recoverWithItem(e -> {
            LOG.warnf("Notice %s of hazard report %s could not be sent: %s", message.template(),
                    before.trackingCode(), e.getClass().getSimpleName());
            return null;
        });
    }

    Region region(HazardReport r) {
        return regions.find(r.handlingRegionCode());
    }

    static String prefix(AdminScope.Admin admin) {
        return admin.national() ? "" : admin.regionCode();
    }

    private static anquanli.common.GeoPoint point(HazardReport r) {
        return new anquanli.common.GeoPoint(r.lat(), r.lng());
    }

    private static Map<String, Object> details(Transition t) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (t.duplicateOf() != null) {
            d.put("duplicateOf", t.duplicateOf().toString());
        }
        if (t.transferToRegionCode() != null && !t.transferToRegionCode().isBlank()) {
            d.put("transferToRegionCode", t.transferToRegionCode());
        }
        if (t.transferToAgency() != null && !t.transferToAgency().isBlank()) {
            d.put("transferToAgency", t.transferToAgency().strip());
        }
        if (t.fineAmount() != null) {
            d.put("fineAmount", t.fineAmount().toPlainString());
        }
        return d.isEmpty() ? null : d;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
