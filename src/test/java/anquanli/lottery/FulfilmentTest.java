package anquanli.lottery;

import anquanli.lottery.Lottery.Fulfilment;
import anquanli.lottery.Lottery.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fulfilment steps, without a database. */
class FulfilmentTest {

    @Test
    void goodsAreShippedBeforeTheyAreDeliveredAndNeverGoBack() {
        assertThat(Fulfilment.SHIPPED.canFollow(null, Kind.PHYSICAL)).isTrue();
        assertThat(Fulfilment.SHIPPED.canFollow(Fulfilment.SHIPPED, Kind.PHYSICAL)).isTrue();
        assertThat(Fulfilment.DELIVERED.canFollow(Fulfilment.SHIPPED, Kind.PHYSICAL)).isTrue();
        assertThat(Fulfilment.DELIVERED.canFollow(Fulfilment.DELIVERED, Kind.PHYSICAL)).isTrue();
        assertThat(Fulfilment.DELIVERED.canFollow(null, Kind.PHYSICAL)).isFalse();
        assertThat(Fulfilment.SHIPPED.canFollow(Fulfilment.DELIVERED, Kind.PHYSICAL)).isFalse();
        assertThat(Fulfilment.FULFILLED.canFollow(null, Kind.PHYSICAL)).isFalse();
    }

    @Test
    void phoneCreditIsFulfilledInOneStepAndNothingElseIsFulfilledByHand() {
        assertThat(Fulfilment.FULFILLED.canFollow(null, Kind.PHONE_CREDIT)).isTrue();
        assertThat(Fulfilment.FULFILLED.canFollow(Fulfilment.FULFILLED, Kind.PHONE_CREDIT)).isTrue();
        assertThat(Fulfilment.SHIPPED.canFollow(null, Kind.PHONE_CREDIT)).isFalse();
        assertThat(Fulfilment.DELIVERED.canFollow(null, Kind.PHONE_CREDIT)).isFalse();
        for (Fulfilment f : Fulfilment.values()) {
            assertThat(f.canFollow(null, Kind.POINTS)).isFalse();
            assertThat(f.canFollow(null, Kind.THANKS)).isFalse();
        }
    }
}
