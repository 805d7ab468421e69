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

    /**
     * Fulfilment (发奖) of a claimed prize. Physical prizes are SHIPPED (carrier and tracking number) and then
     * DELIVERED; phone credit is FULFILLED once topped up. Points need none: they are credited with the draw.
     */
    public enum Fulfilment {
        SHIPPED, DELIVERED, FULFILLED;

        /**
         * Whether a claim of a prize of this kind standing at {@code current} (null: not dealt with yet) may move
         * here. Repeating the current status is allowed (PUT is idempotent; a shipment's tracking can be corrected);
         * going back is not.
         */
        public boolean canFollow(Fulfilment current, Kind kind) {
            return switch (this) {
                case SHIPPED -> kind == Kind.PHYSICAL && (current == null || current == SHIPPED);
                case DELIVERED -> kind == Kind.PHYSICAL && (current == SHIPPED || current == DELIVERED);
                case FULFILLED -> kind == Kind.PHONE_CREDIT && (current == null || current == FULFILLED);
            };
        }
    }

    public record Draw(UUID id, long campaignId, long participantId, UUID requestId, long seq, Integer hitRank,
                       Long tierId, Instant drawnAt, LocalDate localDay) {
    }
}
