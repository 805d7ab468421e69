package anquanli.common;

import java.util.Set;

/**
 * What an admin may do, by role, and how far: at their region and below, or only strictly below it. This is the one
 * table of admin permissions; {@link AdminScope} applies it, and every endpoint's {@code @RolesAllowed} (the coarse
 * gate before the region is known) names exactly the roles listed here for its action.
 */
public enum AdminAction {

    /** The progress report and its exports. */
    VIEW_STATISTICS(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN),
    /** Suspicious attempts and shared devices. */
    REVIEW_SIGNALS(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN),
    /** Registering units, one at a time or by import. */
    MANAGE_UNITS(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN),
    /**
     * The per-capita base of a region or unit for the rate boards. The level above decides a region's base:
     * otherwise a province could raise its own rate and top its parent's board.
     */
    SET_BASE(Reach.BELOW_ONLY, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN),
    /** The lottery claims list, masked for everyone but the national office. */
    VIEW_CLAIMS(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN),
    READ_HAZARDS(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.HAZARD_OFFICER),
    /** Moving a hazard report through its lifecycle and granting rewards. */
    HANDLE_HAZARDS(Reach.REGION_AND_BELOW, Roles.HAZARD_OFFICER),
    REVEAL_REPORTER(Reach.REGION_AND_BELOW, Roles.HAZARD_OFFICER),
    /** The progress report's template of a campaign: the national office. */
    EDIT_REPORT_TEMPLATE(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN),
    /** Opening reporting rounds: the national office, and a province's office for its own regions. */
    OPEN_REPORT_ROUNDS(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN),
    /** Filling in and submitting a region's table in a round, and registering its contact (联络员). */
    FILL_PROGRESS_REPORT(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN),
    /** Reopening a submitted table: only the level above, never the region itself. */
    REOPEN_PROGRESS_REPORT(Reach.BELOW_ONLY, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN),
    /** Events, their posters, check-ins and head counts, and their exports: what the region's office watches. */
    READ_ACTIVITIES(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN, Roles.REGION_ADMIN, Roles.ORGANIZER),
    /** Creating, editing and cancelling events and recording their walk-in head counts. */
    MANAGE_ACTIVITIES(Reach.REGION_AND_BELOW, Roles.NATIONAL_ADMIN, Roles.ORGANIZER);

    /** How far below the admin's own region an action reaches. */
    public enum Reach {
        /** The admin's region and every region below it. */
        REGION_AND_BELOW,
        /** Only the regions (and units) strictly below the admin's region, never the region itself. */
        BELOW_ONLY
    }

    private final Reach reach;
    private final Set<String> roles;

    AdminAction(Reach reach, String... roles) {
        this.reach = reach;
        this.roles = Set.of(roles);
    }

    public Reach reach() {
        return reach;
    }

    /** The roles of which any one allows this action. */
    public Set<String> roles() {
        return roles;
    }
}
