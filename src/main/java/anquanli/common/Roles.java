package anquanli.common;

/** Realm roles of admins (Keycloak). Participants have the single role "participant" from their own tokens. */
public final class Roles {

    /** 国家/全国 level: every region. */
    public static final String NATIONAL_ADMIN = "national-admin";
    /** 省/市/县 安委办: their region (token claim region_code) and everything below it. */
    public static final String REGION_ADMIN = "region-admin";
    /** Verifies and follows up hazard reports in their region. */
    public static final String HAZARD_OFFICER = "hazard-officer";
    /** Runs consultation-day events in their region. */
    public static final String ORGANIZER = "organizer";

    /** The token claim naming an admin's region. */
    public static final String REGION_CLAIM = "region_code";

    private Roles() {
    }
}
