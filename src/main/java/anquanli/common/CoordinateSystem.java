package anquanli.common;

/**
 * The coordinate systems phones and map SDKs in China report. The service stores {@link #WGS84} and answers in the
 * system the client asks for; {@link Coordinates} converts between them.
 */
public enum CoordinateSystem {
    /** GPS, and what the database holds. */
    WGS84,
    /** 国测局 "Mars" coordinates (GCJ-02): AMap (高德), Tencent (腾讯) and the other maps licensed in China. */
    GCJ02,
    /** Baidu (百度) BD-09: a further offset on top of GCJ-02. */
    BD09;

    /** The system a request names in its {@code crs} parameter (WGS84 when none); 400 crs-unknown for another. */
    public static CoordinateSystem parse(String crs) {
        if (crs == null || crs.isBlank()) {
            return WGS84;
        }
        try {
            return valueOf(crs.strip().toUpperCase(java.util.Locale.ROOT).replace("-", ""));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("crs-unknown", "crs is WGS84, GCJ02 or BD09");
        }
    }
}
