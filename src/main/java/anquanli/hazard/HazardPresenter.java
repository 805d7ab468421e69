package anquanli.hazard;

import anquanli.common.AppClock;
import anquanli.common.CoordinateSystem;
import anquanli.region.RegionTree;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns stored reports into the views of {@link HazardViews}: the reporter's (public timeline, own photos) and the
 * officers' (everything but the identity). Photo URLs point at the endpoint that serves them to that audience.
 */
@ApplicationScoped
public class HazardPresenter {

    private final Pool pool;
    private final HazardRepository reports;
    private final RegionTree regions;
    private final AppClock clock;
    private final ObjectMapper json;

    public HazardPresenter(Pool pool, HazardRepository reports, RegionTree regions, AppClock clock, ObjectMapper json) {
        this.pool = pool;
        this.reports = reports;
        this.regions = regions;
        this.clock = clock;
        this.json = json;
    }

    /** A list entry of "my reports": no timeline, photos or reward (the detail has them). */
    HazardViews.MyReport summary(HazardReport r, CoordinateSystem system) {
        return mine(r, system, List.of(), List.of(), null);
    }

    Uni<HazardViews.MyReport> mine(HazardReport r, CoordinateSystem system) {
        return Uni.combine().all().unis(reports.events(pool, r.id()), reports.photos(pool, r.id()),
                        reports.reward(pool, r.id())).asTuple()
                .map(t -> mine(r, system, t.getItem1(), t.getItem2().stream().filter(p -> p.eventId() == null)
                        .map(p -> photo(p, "/api/v1/me/hazard-reports/" + r.id())).toList(), t.getItem3()));
    }

    private HazardViews.MyReport mine(HazardReport r, CoordinateSystem system, List<HazardReport.Event> events,
                                      List<HazardViews.PhotoRef> photos, HazardReport.Reward reward) {
        return new HazardViews.MyReport(r.id(), r.trackingCode(), r.category(), r.category().title(), r.description(),
                HazardViews.ref(regions, r.regionCode()), r.address(), HazardViews.Location.of(r, system),
                r.unitName(), r.occurredAt(), r.status(), r.submittedAt(), r.closedAt(), r.anonymous(), photos,
                publicTimeline(events), HazardViews.RewardView.of(reward));
    }

    Uni<HazardViews.Tracked> tracked(HazardReport r) {
        return Uni.combine().all().unis(reports.events(pool, r.id()), reports.reward(pool, r.id())).asTuple()
                .map(t -> new HazardViews.Tracked(r.trackingCode(), r.category(), r.status(), r.submittedAt(),
                        r.closedAt(), r.identifiedAt() != null, publicTimeline(t.getItem1()),
                        HazardViews.RewardView.of(t.getItem2())));
    }

    HazardViews.ListItem item(HazardReport r, CoordinateSystem system) {
        return new HazardViews.ListItem(r.id(), r.trackingCode(), r.category(), r.category().title(), r.description(),
                HazardViews.ref(regions, r.regionCode()), HazardViews.ref(regions, r.handlingRegionCode()),
                r.address(), HazardViews.Location.of(r, system), r.unitId(), r.unitName(), r.status(),
                r.submittedAt(), r.acceptedAt(), r.dueAt(), r.overdue(clock.now()), r.anonymous());
    }

    Uni<HazardViews.AdminReport> admin(UUID id, CoordinateSystem system) {
        return reports.find(pool, id).chain(r -> Uni.combine().all().unis(reports.events(pool, id),
                reports.photos(pool, id), reports.reward(pool, id), reports.decisions(pool, id)).asTuple()
                .map(t -> new HazardViews.AdminReport(item(r, system), r.reporterWorksThere(), r.gpsConsent(),
                        r.reporterKnown(), r.identifiedAt(), r.occurredAt(), r.extendedAt(), r.extensionReason(),
                        r.closedAt(), r.verified(), r.fineAmount(), r.duplicateOf(), r.transferredToAgency(),
                        List.copyOf(r.status().next(r.transferredToAgency() != null)),
                        t.getItem2().stream().map(p -> photo(p, "/api/v1/admin/hazard-reports/" + id)).toList(),
                        t.getItem1().stream().map(this::adminEvent).toList(),
                        new HazardViews.RewardAdminView(HazardViews.RewardView.of(t.getItem3()),
                                t.getItem4().stream().map(HazardPresenter::decision).toList()))));
    }

    /** The reporter sees what happened and when, and the notes meant for them; not who did it or internal notes. */
    private static List<HazardViews.PublicEvent> publicTimeline(List<HazardReport.Event> events) {
        return events.stream().map(e -> new HazardViews.PublicEvent(e.kind(), e.toStatus(), e.at(), e.publicNote()))
                .toList();
    }

    private HazardViews.AdminEvent adminEvent(HazardReport.Event e) {
        Map<String, Object> details = null;
        if (e.details() != null) {
            try {
                details = json.readValue(e.details(), new TypeReference<Map<String, Object>>() {
                });
            } catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return new HazardViews.AdminEvent(e.id(), e.kind(), e.fromStatus(), e.toStatus(), e.actor(), e.note(),
                e.publicNote(), details, e.at());
    }

    private static HazardViews.PhotoRef photo(HazardReport.Photo p, String base) {
        String url = base + "/photos/" + p.id();
        return new HazardViews.PhotoRef(p.id(), p.eventId(), p.width(), p.height(), url, url + "?size=thumbnail");
    }

    private static HazardViews.RewardDecisionView decision(HazardReport.RewardDecision d) {
        return new HazardViews.RewardDecisionView(d.id(), d.decision(), d.basis(), d.fineAmount(), d.deaths(),
                d.accidentGrade(), d.amount(), d.reason(), d.decidedBy(), d.decidedAt());
    }
}
