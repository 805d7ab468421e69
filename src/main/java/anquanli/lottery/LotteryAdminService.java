package anquanli.lottery;

import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.lottery.Lottery.Kind;
import anquanli.lottery.Lottery.PrizePool;
import anquanli.lottery.Lottery.Tier;
import anquanli.lottery.LotteryViews.Prize;
import anquanli.region.Region;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Prize pools for the national office: set one up (the seed and its commitment are made here), add stock, watch
 * what was issued per tier and day, and see the claims to ship prizes.
 */
@ApplicationScoped
public class LotteryAdminService {

    private final Pool pool;
    private final LotteryRepository lottery;
    private final ClaimRepository claims;
    private final LotteryStock stock;
    private final LotteryReconciler reconciler;
    private final LotteryService service;
    private final ClaimProtector protector;
    private final AppClock clock;
    private final SecureRandom random = new SecureRandom();

    public LotteryAdminService(Pool pool, LotteryRepository lottery, ClaimRepository claims, LotteryStock stock,
                               LotteryReconciler reconciler, LotteryService service, ClaimProtector protector,
                               AppClock clock) {
        this.pool = pool;
        this.lottery = lottery;
        this.claims = claims;
        this.stock = stock;
        this.reconciler = reconciler;
        this.service = service;
        this.protector = protector;
        this.clock = clock;
    }

    public record TierDraft(String name, Kind kind, int amount, int weight, int stock, Integer perPersonLimit,
                            Integer dailyRelease) {
    }

    public record PoolDraft(Instant drawDeadline, Instant claimDeadline, int totalWeight, String thanksName,
                            List<TierDraft> tiers) {
    }

    public Uni<Overview> create(long campaignId, PoolDraft draft, String admin) {
        if (draft.claimDeadline().isBefore(draft.drawDeadline())) {
            throw ApiProblem.badRequest("deadlines-invalid", "claimDeadline must not be before drawDeadline");
        }
        long weights = draft.tiers().stream().mapToLong(TierDraft::weight).sum();
        if (weights > draft.totalWeight()) {
            throw ApiProblem.badRequest("weights-exceed-total", "The tiers' weights add up to " + weights
                    + ", more than totalWeight " + draft.totalWeight() + "; the rest is the chance of thanks");
        }
        for (TierDraft t : draft.tiers()) {
            if (t.kind() == Kind.THANKS) {
                throw ApiProblem.badRequest("tier-kind-invalid", "Thanks is the weight left over, not a tier");
            }
        }
        Instant now = clock.now();
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return pool.withTransaction(tx -> tx.preparedQuery("select 1 from campaign where id = $1")
                .execute(Tuple.of(campaignId)).chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiProblem.notFound("Campaign", campaignId);
                    }
                    return lottery.lockCampaign(tx, campaignId).chain(() -> lottery.insertPool(tx, campaignId, seed,
                            DrawAlgorithm.commitment(seed), draft.totalWeight(), draft.thanksName().strip(),
                            draft.drawDeadline(), draft.claimDeadline(), now));
                })
                .chain(created -> {
                    if (!created) {
                        throw ApiProblem.conflict("lottery-exists", "Campaign " + campaignId
                                + " already has a prize pool; add stock to its tiers instead");
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int i = 0; i < draft.tiers().size(); i++) {
                        TierDraft t = draft.tiers().get(i);
                        int rank = i + 1;
                        chain = chain.chain(() -> lottery.insertTier(tx, campaignId, rank, t.name().strip(), t.kind(),
                                t.amount(), t.weight(), t.perPersonLimit(), t.dailyRelease())
                                .chain(id -> t.stock() == 0 ? Uni.createFrom().voidItem()
                                        : lottery.addStock(tx, campaignId, id, t.stock(), admin, now)
                                        .replaceWithVoid()));
                    }
                    return chain;
                })
                .chain(() -> service.requirePool(tx, campaignId))
                .chain(p -> reconciler.rebuild(tx, p, true)))
                .chain(() -> overview(campaignId));
    }

    /** Adds units to a tier; there is no way to remove any (issued prizes stay issued). */
    public Uni<Overview> addStock(long campaignId, long tierId, int units, String admin) {
        return pool.withTransaction(tx -> lottery.addStock(tx, campaignId, tierId, units, admin, clock.now())
                        .map(found -> {
                            if (!found) {
                                throw ApiProblem.notFound("Tier", tierId);
                            }
                            return found;
                        }))
                .chain(() -> overview(campaignId));
    }

    // ------------------------------------------------------------------ overview

    public record DayIssued(LocalDate day, int issued) {
    }

    public record TierOverview(long id, int rank, String name, Kind kind, int amount, int weight, int stock,
                               int released, int issued, Integer redisStock, Integer perPersonLimit,
                               Integer dailyRelease, long claimed, List<DayIssued> issuedByDay) {
    }

    public record Overview(long campaignId, String commitment, int totalWeight, String thanksName,
                           Instant drawDeadline, Instant claimDeadline, long draws, List<TierOverview> tiers) {
    }

    public Uni<Overview> overview(long campaignId) {
        LocalDate today = clock.today();
        return service.requirePool(pool, campaignId).chain(p -> lottery.tiers(pool, campaignId).chain(tiers -> Uni
                .combine().all().unis(lottery.issued(pool, campaignId), lottery.issuedByDay(pool, campaignId),
                        claims.counts(pool, campaignId), lottery.countDraws(pool, campaignId),
                        stock.snapshot(campaignId, tiers.stream().map(Tier::id).toList()))
                .with((issued, byDay, counts, draws, redis) -> new Overview(campaignId, p.commitment(),
                        p.totalWeight(), p.thanksName(), p.drawDeadline(), p.claimDeadline(), draws,
                        tiers.stream().map(t -> new TierOverview(t.id(), t.rank(), t.name(), t.kind(), t.amount(),
                                t.weight(), t.stock(),
                                DrawAlgorithm.released(t.stock(), t.dailyRelease(), p.startDate(), today),
                                issued.byTier().getOrDefault(t.id(), 0),
                                redis.ready() ? redis.stock().get(t.id()) : null, t.perPersonLimit(),
                                t.dailyRelease(),
                                counts.stream().filter(c -> c.tierId() == t.id())
                                        .mapToLong(ClaimRepository.ClaimCount::claimed).sum(),
                                byDay.stream().filter(d -> d.tierId() == t.id())
                                        .map(d -> new DayIssued(d.day(), d.issued())).toList())).toList()))));
    }

    // ------------------------------------------------------------------ claims

    /**
     * Where an issued prize stands: not claimed (UNCLAIMED, or EXPIRED past the claim deadline), CLAIMED (details
     * given, not yet dealt with), then SHIPPED and DELIVERED for goods or FULFILLED for phone credit. Points are
     * FULFILLED from the draw on, credited in its transaction.
     */
    public enum ClaimStatus { UNCLAIMED, EXPIRED, CLAIMED, SHIPPED, DELIVERED, FULFILLED }

    /**
     * Name, phone, address, tracking number and fulfilment note in clear for national admins; masked name and phone
     * (and none of the others) for everyone else.
     */
    public record ClaimRow(UUID drawId, long seq, Instant drawnAt, Prize prize, long participantId,
                           String regionCode, ClaimStatus status, String name, String phone, String address,
                           Instant submittedAt, String carrier, String tracking, String fulfilmentNote,
                           Instant fulfilledAt, String fulfilledBy) {
    }

    public record ClaimPage(List<ClaimRow> items, long total, int offset, int limit) {
    }

    public Uni<ClaimPage> claims(long campaignId, AdminScope.Admin admin, Region region, int offset, int limit) {
        String prefix = region == null ? null : region.code();
        boolean clear = admin.national();
        Instant now = clock.now();
        return service.requirePool(pool, campaignId).chain(p -> lottery.tiers(pool, campaignId)
                .chain(tiers -> claims.won(pool, campaignId, prefix, offset, limit)
                        .chain(won -> claims.countWon(pool, campaignId, prefix).map(total -> {
                            Map<Long, Tier> byId = tiers.stream().collect(Collectors.toMap(Tier::id, t -> t));
                            List<ClaimRow> rows = new ArrayList<>();
                            for (ClaimRepository.Won w : won) {
                                rows.add(row(p, byId.get(w.tierId()), w, clear, now));
                            }
                            return new ClaimPage(rows, total, offset, limit);
                        }))));
    }

    private ClaimRow row(PrizePool p, Tier tier, ClaimRepository.Won w, boolean clear, Instant now) {
        ClaimRepository.Sealed c = w.claim();
        ClaimRepository.Fulfilment f = w.fulfilment();
        ClaimStatus status;
        if (f != null && f.status() != null) {
            status = ClaimStatus.valueOf(f.status().name());
        } else if (c != null) {
            status = ClaimStatus.CLAIMED;
        } else if (w.creditedAt() != null) {
            status = ClaimStatus.FULFILLED;
        } else {
            status = now.isAfter(p.claimDeadline()) ? ClaimStatus.EXPIRED : ClaimStatus.UNCLAIMED;
        }
        String name = c == null ? null : clear ? protector.open(c.name()) : c.nameMasked();
        String phone = c == null ? null : clear ? protector.open(c.phone()) : c.phoneMasked();
        String address = c == null || !clear ? null : protector.open(c.address());
        return new ClaimRow(w.drawId(), w.seq(), w.drawnAt(), Prize.of(p, tier), w.participantId(), w.regionCode(),
                status, name, phone, address, w.submittedAt(), f == null ? null : f.carrier(),
                f == null || !clear ? null : f.tracking(), f == null || !clear ? null : f.note(),
                f != null && f.at() != null ? f.at() : w.creditedAt(), f == null ? null : f.by());
    }

    /**
     * Records how a claimed prize is being fulfilled (national office only). Thanks and points have nothing to
     * fulfil; a prize must be claimed first; the steps follow {@link Lottery.Fulfilment#canFollow}.
     */
    public Uni<ClaimRow> fulfil(long campaignId, UUID drawId, Lottery.Fulfilment status, String carrier,
                                String tracking, String note, String admin) {
        Instant now = clock.now();
        String carrierText = text(carrier);
        String trackingText = text(tracking);
        return pool.withTransaction(tx -> lottery.draw(tx, drawId).chain(d -> {
            if (d == null || d.campaignId() != campaignId) {
                throw ApiProblem.notFound("Draw", drawId);
            }
            return lottery.tiers(tx, campaignId).chain(tiers -> {
                Tier tier = LotteryService.tierOf(tiers, d);
                if (tier == null || !tier.claimable()) {
                    throw ApiProblem.conflict("nothing-to-fulfil",
                            "This draw won no prize that needs delivery (points are credited with the draw)");
                }
                return claims.lockForFulfilment(tx, drawId).chain(current -> {
                    if (current == null) {
                        throw ApiProblem.conflict("claim-missing", "The winner has not claimed this prize yet");
                    }
                    if (!status.canFollow(current.status(), tier.kind())) {
                        throw ApiProblem.badRequest("fulfilment-transition-invalid", "A " + tier.kind()
                                + " prize standing at " + (current.status() == null ? "CLAIMED" : current.status())
                                + " cannot become " + status + " (goods: SHIPPED, then DELIVERED; phone credit: "
                                + "FULFILLED)");
                    }
                    if (status == Lottery.Fulfilment.SHIPPED && (carrierText == null || trackingText == null)) {
                        throw ApiProblem.badRequest("tracking-required",
                                "A shipped prize needs the carrier and the tracking number");
                    }
                    return claims.fulfil(tx, drawId, status, carrierText, trackingText, text(note), admin, now);
                });
            });
        })).chain(() -> service.requirePool(pool, campaignId)).chain(p -> lottery.tiers(pool, campaignId)
                .chain(tiers -> claims.wonOne(pool, drawId).map(w -> row(p, tiers.stream()
                        .filter(t -> t.id() == w.tierId()).findFirst().orElse(null), w, true, now))));
    }

    private static String text(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Every issued prize of a campaign in draw order, for the export (national admins only). */
    public Uni<List<ClaimRow>> allClaims(long campaignId, AdminScope.Admin admin) {
        return claims(campaignId, admin, null, 0, Integer.MAX_VALUE).map(ClaimPage::items);
    }
}
