package anquanli.hazard;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.CoordinateSystem;
import anquanli.common.Coordinates;
import anquanli.common.FieldCipher;
import anquanli.common.GeoPoint;
import anquanli.common.RateLimiter;
import anquanli.common.TimeOrderedIds;
import anquanli.participant.ParticipantService;
import anquanli.region.Region;
import anquanli.region.RegionLevel;
import anquanli.region.RegionTree;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reporter's side: sending a report with its photos, the reporter's own list, tracking by code and secret,
 * identifying an anonymous report later (for a reward) and claiming a reward.
 * <p>
 * A report is stored in one transaction (the report, its first timeline entry, its photos) after every photo has
 * passed the photo pipeline and been written to the blob store; a refused photo or a failed transaction leaves no
 * report. A real-name reporter's identity (participant, real name, the phone they signed in with) is sealed with the
 * field cipher and reachable only through the officers' audited reveal; the report keeps a keyed hash of the
 * participant so that "my reports" can find it.
 */
@ApplicationScoped
public class HazardReportService {

    private static final Logger LOG = Logger.getLogger(HazardReportService.class);
    static final String IDENTITY = "hazard-reporter";

    private final Pool pool;
    private final HazardRepository reports;
    private final HazardPhotos photos;
    private final HazardPresenter presenter;
    private final RegionTree regions;
    private final FieldCipher cipher;
    private final ParticipantService participants;
    private final RateLimiter limiter;
    private final HazardConfig config;
    private final AppClock clock;
    private final ObjectMapper json;

    public HazardReportService(Pool pool, HazardRepository reports, HazardPhotos photos, HazardPresenter presenter,
                               RegionTree regions, FieldCipher cipher, ParticipantService participants,
                               RateLimiter limiter, HazardConfig config, AppClock clock, ObjectMapper json) {
        this.pool = pool;
        this.reports = reports;
        this.photos = photos;
        this.presenter = presenter;
        this.regions = regions;
        this.cipher = cipher;
        this.participants = participants;
        this.limiter = limiter;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    /** A report as sent; the location is in {@code coordinateSystem}. */
    public record Submission(HazardCategory category, String description, String regionCode, String address,
                             Double lat, Double lng, CoordinateSystem coordinateSystem, Long unitId, String unitName,
                             Instant occurredAt, boolean reporterWorksThere, boolean anonymous, String reporterName,
                             boolean gpsConsent) {
    }

    /** The identity sealed with a real-name report, or with an anonymous one its reporter identified later. */
    record ReporterIdentity(Long participantId, String name, String phone) {
    }

    public Uni<HazardViews.Submitted> submit(Submission s, List<Path> uploads, Long participantId,
                                             String clientAddress) {
        Region region = localRegion(s.regionCode());
        GeoPoint clientPoint = Coordinates.fromClient(s.lat(), s.lng(), s.coordinateSystem());
        if (!s.anonymous() && participantId == null) {
            throw new ApiProblem(401, "sign-in-required", "Sign-in required",
                    "A real-name report needs a signed-in reporter; sign in, or report anonymously");
        }
        if (!s.anonymous() && (s.reporterName() == null || s.reporterName().isBlank())) {
            throw ApiProblem.badRequest("reporter-name-required", "A real-name report needs the reporter's name");
        }
        if (s.occurredAt() != null && s.occurredAt().isAfter(clock.now().plus(Duration.ofMinutes(5)))) {
            throw ApiProblem.badRequest("occurred-at-future", "occurredAt lies in the future");
        }
        Instant now = clock.now();
        return limits(participantId, clientAddress)
                .chain(() -> checkUnit(s.unitId(), region))
                .chain(() -> photos.take(uploads, 1, now.toEpochMilli()))
                .chain(stored -> identity(s, participantId).chain(identity -> {
                    GeoPoint point = clientPoint != null ? clientPoint
                            : s.gpsConsent() ? stored.firstPhotoGps() : null;
                    String source = clientPoint != null ? "CLIENT" : point != null ? "PHOTO" : null;
                    String secret = s.anonymous() ? TrackingCodes.newSecret() : null;
                    UUID id = TimeOrderedIds.next(now.toEpochMilli());
                    return insert(id, s, region, point, source, identity, participantId, secret, stored.photos(),
                            now, 3)
                            .map(code -> {
                                LOG.infof("Hazard report %s received (%s, region %s, %d photo(s), %s)", code,
                                        s.category(), region.code(), stored.photos().size(),
                                        s.anonymous() ? "anonymous" : "real-name");
                                return new HazardViews.Submitted(id, code, secret, HazardStatus.SUBMITTED, now,
                                        HazardViews.Location.of(point, source, s.coordinateSystem() == null
                                                ? CoordinateSystem.WGS84 : s.coordinateSystem()),
                                        stored.photos().size());
                            });
                }));
    }

    /**
     * The report, its first timeline entry and its photos in one transaction; if the tracking code drawn is taken,
     * nothing was written and another is drawn.
     */
    private Uni<String> insert(UUID id, Submission s, Region region, GeoPoint point, String source,
                               ReporterIdentity identity, Long participantId, String secret,
                               List<HazardReport.Photo> photoRows, Instant now, int triesLeft) {
        String code = TrackingCodes.newCode();
        HazardRepository.NewReport row = new HazardRepository.NewReport(id, code,
                secret == null ? null : TrackingCodes.hashSecret(secret), s.category(), s.description().strip(),
                region.code(), region.codeAt(RegionLevel.PROVINCE), region.codeAt(RegionLevel.CITY),
                region.codeAt(RegionLevel.COUNTY), region.codeAt(RegionLevel.TOWN), blank(s.address()),
                point == null ? null : point.lat(), point == null ? null : point.lng(), source, s.unitId(),
                blank(s.unitName()), s.occurredAt(), s.reporterWorksThere(), s.anonymous(), s.gpsConsent(),
                identity == null ? null : reporterHash(participantId), seal(identity), now, clock.dayOf(now));
        return pool.withTransaction(tx -> reports.insert(tx, row).chain(inserted -> !inserted
                ? Uni.createFrom().item(false)
                : reports.insertEvent(tx, id, "SUBMITTED", null, HazardStatus.SUBMITTED, "reporter", null, null,
                        null, now)
                .chain(() -> reports.insertPhotos(tx, id, null, photoRows, now)).replaceWith(true)))
                .chain(inserted -> inserted ? Uni.createFrom().item(code)
                        : triesLeft > 1 ? insert(id, s, region, point, source, identity, participantId, secret,
                        photoRows, now, triesLeft - 1)
                        : Uni.createFrom().failure(new IllegalStateException("No free tracking code")));
    }

    public Uni<HazardViews.MyReportPage> mine(long participantId, CoordinateSystem system, int offset, int limit) {
        return reports.listOwn(pool, reporterHash(participantId), offset, limit)
                .map(list -> new HazardViews.MyReportPage(list.stream().map(r -> presenter.summary(r, system))
                        .toList(), offset, limit));
    }

    public Uni<HazardViews.MyReport> mineOne(long participantId, UUID id, CoordinateSystem system) {
        return own(participantId, id).chain(r -> presenter.mine(r, system));
    }

    Uni<HazardReport> own(long participantId, UUID id) {
        return reports.findOwn(pool, id, reporterHash(participantId)).map(r -> {
            if (r == null) {
                throw ApiProblem.notFound("Hazard report", id);
            }
            return r;
        });
    }

    /** Status and public timeline, for whoever holds the code and its secret; anything else is "not found". */
    public Uni<HazardViews.Tracked> track(String code, String secret, String clientAddress) {
        return limiter.hit("hazard:track:" + clientAddress + ":" + hour(), Duration.ofHours(1),
                        config.trackingLookupsPerAddressPerHour(), "Too many look-ups from this network; try later")
                .chain(() -> tracked(code, secret))
                .chain(presenter::tracked);
    }

    private Uni<HazardReport> tracked(String code, String secret) {
        return reports.findByCode(pool, TrackingCodes.normalise(code)).map(r -> {
            if (r == null || r.secretHash() == null || secret == null
                    || !MessageDigest.isEqual(r.secretHash(), TrackingCodes.hashSecret(secret))) {
                throw new ApiProblem(404, "not-found", "Not found",
                        "No report matches this tracking code and secret");
            }
            return r;
        });
    }

    /**
     * An anonymous reporter steps forward: proves the secret, signs in (so the phone is verified) and gives their
     * name. Needed before a reward can be granted to them (匿名举报人须提供身份方可领奖); the report stays anonymous in
     * every list.
     */
    public Uni<HazardViews.Tracked> identify(String code, String secret, long participantId, String name) {
        Instant now = clock.now();
        return tracked(code, secret).chain(found -> participants.verifiedPhone(participantId).chain(phone ->
                pool.withTransaction(tx -> reports.lock(tx, found.id()).chain(r -> {
                    if (r.identifiedAt() != null) {
                        return Uni.createFrom().failure(ApiProblem.conflict("already-identified",
                                "The reporter of this report has already identified themself"));
                    }
                    return reports.identify(tx, r.id(), seal(new ReporterIdentity(participantId, name.strip(), phone)),
                                    reporterHash(participantId), now)
                            .chain(() -> reports.insertEvent(tx, r.id(), "IDENTIFIED", r.status(), r.status(),
                                    "reporter", null, "举报人已提供身份信息", null, now));
                }))))
                .chain(() -> tracked(code, secret)).chain(presenter::tracked);
    }

    public Uni<HazardViews.RewardView> claim(long participantId, UUID id) {
        Instant now = clock.now();
        // Under the report's lock, which decisions take too: a claim never overwrites a decision made meanwhile.
        return own(participantId, id).chain(r -> pool.withTransaction(tx -> reports.lock(tx, r.id())
                .chain(() -> reports.reward(tx, r.id())).chain(w -> {
            if (w == null || !"GRANTED".equals(w.status())) {
                return Uni.createFrom().failure(ApiProblem.conflict("nothing-to-claim",
                        "No reward has been granted for this report" + (w != null && "CLAIMED".equals(w.status())
                                ? " that is not claimed already" : "")));
            }
            if (w.claimDeadline() != null && now.isAfter(w.claimDeadline())) {
                return Uni.createFrom().failure(ApiProblem.conflict("reward-claim-closed",
                        "The reward had to be claimed by " + w.claimDeadline()));
            }
            HazardReport.Reward claimed = new HazardReport.Reward(w.reportId(), w.matterId(), "CLAIMED", w.basis(),
                    w.fineAmount(), w.amount(), w.claimDeadline(), now, null);
            return reports.saveReward(tx, claimed, now).replaceWith(HazardViews.RewardView.of(claimed));
        })));
    }

    /** The keyed hash that finds a participant's reports without naming them. */
    byte[] reporterHash(long participantId) {
        return cipher.lookupHash(IDENTITY, Long.toString(participantId));
    }

    private Uni<ReporterIdentity> identity(Submission s, Long participantId) {
        if (s.anonymous()) {
            return Uni.createFrom().nullItem();
        }
        return participants.verifiedPhone(participantId).map(phone -> {
            if (phone == null) {
                throw new ApiProblem(401, "unauthorized", "Unauthorized", "The participant of this token no longer exists");
            }
            return new ReporterIdentity(participantId, s.reporterName().strip(), phone);
        });
    }

    private byte[] seal(ReporterIdentity identity) {
        if (identity == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("participantId", identity.participantId());
        m.put("name", identity.name());
        m.put("phone", identity.phone());
        try {
            return cipher.seal(IDENTITY, json.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    ReporterIdentity open(byte[] sealed) {
        try {
            return json.readValue(cipher.open(IDENTITY, sealed), ReporterIdentity.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A sealed reporter identity cannot be read", e);
        }
    }

    private Uni<Void> limits(Long participantId, String clientAddress) {
        Uni<Void> byAddress = limiter.hit("hazard:ip:" + clientAddress + ":" + hour(), Duration.ofHours(1),
                config.reportsPerAddressPerHour(), "Too many reports from this network; try again later");
        if (participantId == null) {
            return byAddress;
        }
        String day = clock.today().format(DateTimeFormatter.BASIC_ISO_DATE);
        return byAddress.chain(() -> limiter.hit("hazard:p:" + participantId + ":" + day, Duration.ofDays(1),
                config.reportsPerParticipantPerDay(), "You have sent the most reports a day allows; try tomorrow"));
    }

    private Uni<Void> checkUnit(Long unitId, Region region) {
        if (unitId == null) {
            return Uni.createFrom().voidItem();
        }
        return reports.unitRegion(pool, unitId).map(code -> {
            Region unitRegion = code == null ? null : regions.find(code);
            if (unitRegion == null) {
                throw ApiProblem.badRequest("unit-unknown", "unitId " + unitId + " does not exist");
            }
            if (unitRegion.at(RegionLevel.COUNTY) != region.at(RegionLevel.COUNTY)) {
                throw ApiProblem.badRequest("unit-outside-region", "The unit is not registered in the report's county");
            }
            return null;
        }).replaceWithVoid();
    }

    private Region localRegion(String code) {
        Region region = regions.find(code);
        if (region == null) {
            throw ApiProblem.badRequest("region-unknown", "regionCode " + code + " is not a known division code");
        }
        if (!region.isLocal()) {
            throw ApiProblem.badRequest("region-level",
                    "regionCode must be a county (区县) or town/street (乡镇街道), not a " + region.level());
        }
        return region;
    }

    private String hour() {
        return clock.now().toString().substring(0, 13);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
