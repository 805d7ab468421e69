package anquanli.activity;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Something a feature above this one does in the transaction of a new check-in (the lottery's bonus chance for a
 * participant's first check-in). A check-in for which no step has anything to do is written by one statement
 * without a transaction around it, so the 6·16 peak pays for steps only where a campaign turned one on.
 */
public interface CheckInStep {

    /** A check-in just written, not yet committed. */
    record CheckedIn(UUID checkInId, long campaignId, long activityId, long participantId, LocalDate localDay,
                     Instant at) {
    }

    /** Whether the step has anything to do for check-ins of this campaign (may answer from a short-lived cache). */
    Uni<Boolean> applies(long campaignId);

    /** Runs in the check-in's transaction; answers the lottery chances granted (0 for none). */
    Uni<Integer> onCheckIn(SqlClient tx, CheckedIn checkIn);
}
