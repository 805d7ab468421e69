package anquanli.lottery;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "anquanli.lottery")
public interface LotteryConfig {

    /** How often the scheduled reconciliation runs (a Quarkus scheduler interval such as 5m). */
    String reconcileInterval();

    /** How draws share statements at peak ({@link DrawBatches}). */
    Batch batch();

    interface Batch {
        /** Most draws one transaction decides and records; 1 runs every draw on its own. */
        int maxSize();

        /** Draw transactions running at once; further draws wait and leave together. */
        int maxInFlight();

        /** Draws waiting beyond this are refused as "service busy" (503) rather than held in memory. */
        int maxQueued();
    }
}
