package anquanli.lottery;

import anquanli.common.AppClock;
import anquanli.common.FieldCipher;
import anquanli.lottery.Lottery.Tier;
import anquanli.lottery.LotteryViews.FairTier;
import anquanli.lottery.LotteryViews.Fairness;
import anquanli.lottery.LotteryViews.Prize;
import anquanli.lottery.LotteryViews.PublicDraw;
import anquanli.lottery.LotteryViews.PublicDrawPage;
import anquanli.lottery.LotteryViews.StockChange;
import anquanli.lottery.LotteryViews.Winner;
import anquanli.lottery.LotteryViews.WinnerPage;
import io.smallrye.mutiny.Uni;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HexFormat;
import java.util.List;

/** What anyone may see: the fairness commitment (and, after the draws, the seed), the draw list, the winners. */
@ApplicationScoped
public class LotteryPublicService {

    /** The verification procedure, also in package-info ("Lottery fairness"). */
    static final String PROCEDURE = "Check sha256(hex-decoded seed) = commitment. Take all draws "
            + "(GET /api/v1/campaigns/{id}/lottery/draws) in seq order. For each draw: r = first 8 bytes of "
            + "HMAC-SHA256(key = seed, message = draw id as lower-case text), as an unsigned big-endian number, "
            + "mod totalWeight. Tiers in rank order take consecutive intervals of their weight from 0; r past them all "
            + "is thanks. A tier is available when its released units (the stock history up to the draw's time; "
            + "with a daily release, at most dailyRelease x (draw's localDay - startDate + 1)) exceed the units issued "
            + "by earlier draws, and the participant (pseudonym) has won it fewer than perPersonLimit times. The prize "
            + "is the hit tier if available, else the next available lower tier, else thanks; it must equal prizeRank.";

    /** The look-up hash purpose of draw pseudonyms. */
    static final String PSEUDONYM = "lottery-participant";

    private final Pool pool;
    private final LotteryRepository lottery;
    private final ClaimRepository claims;
    private final LotteryService service;
    private final AppClock clock;
    private final FieldCipher cipher;

    public LotteryPublicService(@ReactiveDataSource("reporting") Pool pool, LotteryRepository lottery,
                                ClaimRepository claims, LotteryService service, AppClock clock, FieldCipher cipher) {
        this.pool = pool;
        this.lottery = lottery;
        this.claims = claims;
        this.service = service;
        this.clock = clock;
        this.cipher = cipher;
    }

    public Uni<Fairness> fairness(long campaignId) {
        return service.requirePool(pool, campaignId).chain(p -> lottery.tiers(pool, campaignId)
                .chain(tiers -> lottery.stockHistory(pool, campaignId).map(history -> {
                    // The seed stays secret while draws can still be made: knowing it would tell the outcomes.
                    boolean revealed = !clock.now().isBefore(p.drawDeadline());
                    List<FairTier> fair = tiers.stream().map(t -> new FairTier(t.rank(), t.name(), t.kind(),
                            t.amount(), t.weight(), t.perPersonLimit(), t.dailyRelease(), history.stream()
                            .filter(e -> e.tierId() == t.id()).map(e -> new StockChange(e.at(), e.units()))
                            .toList())).toList();
                    return new Fairness(campaignId, p.commitment(), revealed ? HexFormat.of().formatHex(p.seed())
                            : null, revealed, p.totalWeight(), p.thanksName(), p.startDate(), p.drawDeadline(),
                            p.claimDeadline(), PROCEDURE, fair);
                })));
    }

    /**
     * Draws after {@code after} in draw order (keyset: a page costs the same at the millionth draw as at the first,
     * where OFFSET read and dropped every earlier one and a count of all draws came with each page); next is the
     * cursor of the following page, null on the last.
     */
    public Uni<PublicDrawPage> draws(long campaignId, long after, int limit) {
        return service.requirePool(pool, campaignId).chain(p -> lottery.tiers(pool, campaignId)
                .chain(tiers -> lottery.drawsAfter(pool, campaignId, after, limit).map(draws -> new PublicDrawPage(
                        draws.stream().map(d -> {
                            Tier t = LotteryService.tierOf(tiers, d);
                            return PublicDraw.of(d, pseudonym(campaignId, d.participantId()),
                                    t == null ? null : t.rank());
                        }).toList(), draws.size() < limit ? null : draws.get(draws.size() - 1).seq(), limit))));
    }

    /** Names and phones masked; addresses never. */
    public Uni<WinnerPage> winners(long campaignId, int offset, int limit) {
        return service.requirePool(pool, campaignId).chain(p -> lottery.tiers(pool, campaignId)
                .chain(tiers -> claims.won(pool, campaignId, null, offset, limit)
                        .chain(won -> claims.countWon(pool, campaignId, null).map(total -> new WinnerPage(
                                won.stream().map(w -> {
                                    Tier t = tiers.stream().filter(x -> x.id() == w.tierId()).findFirst().orElseThrow();
                                    return new Winner(w.seq(), w.drawnAt(), Prize.of(p, t),
                                            w.claim() != null ? w.claim().nameMasked()
                                                    : ClaimProtector.maskName(w.displayName()),
                                            w.claim() != null ? w.claim().phoneMasked() : w.participantPhoneMasked());
                                }).toList(), total, offset, limit)))));
    }

    /**
     * The stand-in for a participant on the public draw list: the same for all their draws of a campaign, so the
     * per-person limits can be replayed, and different in every campaign. It is keyed (the look-up hash key, which
     * production must set: ProductionGuard), because participant ids are sequential: an unkeyed hash of them is
     * undone by hashing every id, and would tie each winner's draws to an account. 64 bits keep two participants of
     * one campaign apart (the chance of a collision among a million participants is about 3 × 10^-8).
     */
    String pseudonym(long campaignId, long participantId) {
        return HexFormat.of().formatHex(cipher.lookupHash(PSEUDONYM, campaignId + ":" + participantId), 0, 8);
    }
}
