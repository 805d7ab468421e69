package anquanli.lottery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The lottery's persistent shapes, as read from the database. Never sent out as they are: see LotteryViews. */
public final class Lottery {

    private Lottery() {
    }

    /** Prizes; THANKS is the outcome without one (谢谢参与). */
    public enum Kind { PHYSICAL, PHONE_CREDIT, POINTS, THANKS }

    /** A campaign's prize pool; startDate is the campaign's first day, from which daily releases count. */
    public record PrizePool(long campaignId, byte[] seed, String commitment, int totalWeight, String thanksName,
                            Instant drawDeadline, Instant claimDeadline, LocalDate startDate) {
    }

    public record Tier(long id, int rank, String name, Kind kind, int amount, int weight, int stock,
                       Integer perPersonLimit, Integer dailyRelease) {

        /** Physical prizes need an address; phone credit a phone; points are credited without a claim. */
        public boolean claimable() {
            return kind == Kind.PHYSICAL || kind == Kind.PHONE_CREDIT;
        }
    }

    public record Draw(UUID id, long campaignId, long participantId, UUID requestId, long seq, Integer hitRank,
                       Long tierId, Instant drawnAt, LocalDate localDay) {
    }
}
