package anquanli.lottery;

import anquanli.lottery.Lottery.Draw;
import anquanli.lottery.Lottery.Kind;
import anquanli.lottery.Lottery.PrizePool;
import anquanli.lottery.Lottery.Tier;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** API shapes of the lottery. */
public final class LotteryViews {

    private LotteryViews() {
    }

    /** rank is null for "thanks". */
    public record Prize(Integer rank, String name, Kind kind, int amount) {
        static Prize of(PrizePool pool, Tier tier) {
            return tier == null ? new Prize(null, pool.thanksName(), Kind.THANKS, 0)
                    : new Prize(tier.rank(), tier.name(), tier.kind(), tier.amount());
        }
    }

    public record DrawView(UUID id, long campaignId, long seq, Instant drawnAt, Prize prize, boolean claimable,
                           boolean claimed, Instant claimDeadline, long chancesLeft) {
    }

    /** pointsWon: the participant's personal points from POINTS prizes; they never count for a region or unit. */
    public record MyLottery(long campaignId, long chancesEarned, long chancesSpent, long chancesLeft, long pointsWon,
                            Instant drawDeadline, Instant claimDeadline, List<DrawView> draws) {
    }

    public record ClaimView(UUID drawId, String name, String phone, boolean hasAddress, Instant submittedAt) {
    }

    public record StockChange(Instant at, int units) {
    }

    public record FairTier(int rank, String name, Kind kind, int amount, int weight, Integer perPersonLimit,
                           Integer dailyRelease, List<StockChange> stockHistory) {
    }

    public record Fairness(long campaignId, String commitment, String seed, boolean seedRevealed, int totalWeight,
                           String thanksName, LocalDate startDate, Instant drawDeadline, Instant claimDeadline,
                           String procedure, List<FairTier> tiers) {
    }

    public record PublicDraw(long seq, UUID id, String participant, Instant drawnAt, LocalDate localDay,
                             Integer prizeRank) {
        static PublicDraw of(Draw d, String participant, Integer prizeRank) {
            return new PublicDraw(d.seq(), d.id(), participant, d.drawnAt(), d.localDay(), prizeRank);
        }
    }

    public record PublicDrawPage(List<PublicDraw> items, Long next, int limit) {
    }

    public record Winner(long seq, Instant drawnAt, Prize prize, String name, String phone) {
    }

    public record WinnerPage(List<Winner> items, long total, int offset, int limit) {
    }
}
