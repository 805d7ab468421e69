package anquanli.hazard;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a report stands: submitted → accepted (受理) → verifying (核查) → rectifying (整改) → closed (办结), or rejected
 * (不属实), duplicate (of another report) or transferred (移交). The table below is the only place that says which step
 * may follow which.
 */
public enum HazardStatus {
    SUBMITTED, ACCEPTED, VERIFYING, RECTIFYING, CLOSED, REJECTED, DUPLICATE, TRANSFERRED;

    /**
     * A report transferred to another region waits there as TRANSFERRED until that region's officers take it up; one
     * handed to an agency outside the service (住建, 市场监管...) ends there (see {@link #allows}).
     */
    private static final Map<HazardStatus, Set<HazardStatus>> NEXT = Map.of(
            SUBMITTED, EnumSet.of(ACCEPTED, REJECTED, DUPLICATE, TRANSFERRED),
            TRANSFERRED, EnumSet.of(ACCEPTED, REJECTED, DUPLICATE, TRANSFERRED),
            ACCEPTED, EnumSet.of(VERIFYING, REJECTED, DUPLICATE, TRANSFERRED),
            VERIFYING, EnumSet.of(RECTIFYING, CLOSED, REJECTED),
            RECTIFYING, EnumSet.of(CLOSED));

    /** Open statuses: the report still needs someone's work. */
    public static final Set<HazardStatus> OPEN = EnumSet.of(SUBMITTED, ACCEPTED, VERIFYING, RECTIFYING, TRANSFERRED);

    /** Statuses counted against the handling deadline (from acceptance). */
    public static final Set<HazardStatus> UNDER_DEADLINE = EnumSet.of(ACCEPTED, VERIFYING, RECTIFYING);

    /** Whether {@code to} may follow this status; a report handed to an outside agency has no next step. */
    public boolean allows(HazardStatus to, boolean transferredToAgency) {
        if (this == TRANSFERRED && transferredToAgency) {
            return false;
        }
        return NEXT.getOrDefault(this, Set.of()).contains(to);
    }

    public Set<HazardStatus> next(boolean transferredToAgency) {
        if (this == TRANSFERRED && transferredToAgency) {
            return Set.of();
        }
        return NEXT.getOrDefault(this, Set.of());
    }
}
