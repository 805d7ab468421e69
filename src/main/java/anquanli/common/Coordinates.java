package anquanli.common;

import java.util.function.UnaryOperator;

import static java.lang.Math.PI;
import static java.lang.Math.abs;
import static java.lang.Math.asin;
import static java.lang.Math.atan2;
import static java.lang.Math.cos;
import static java.lang.Math.hypot;
import static java.lang.Math.min;
import static java.lang.Math.sin;
import static java.lang.Math.sqrt;
import static java.lang.Math.toDegrees;
import static java.lang.Math.toRadians;

/**
 * Conversions between the coordinate systems Chinese phones and maps report, and the distances the service needs.
 * <p>
 * WGS-84 → GCJ-02 is the public formula that circulates as "wgs2gcj"/"transform" (eviltransform, coordtransform):
 * offsets in metres from the transformLat/transformLng polynomials with their sine terms, turned into degrees on the
 * Krasovsky 1940 ellipsoid. GCJ-02 → BD-09 is Baidu's public "bd_encrypt" formula. Neither has a closed-form inverse,
 * so both are inverted by iteration, to well under a millimetre.
 * <p>
 * Outside the rough box the GCJ formula uses ({@link #outsideChina}) all three systems coincide: the formula leaves
 * such points alone, and Baidu's SDK documentation says that overseas it uses WGS-84. Within about 0.01° of the box's
 * edges the cut makes the inverse ambiguous (a point there may be both its own image and the image of a point
 * inside); no part of China lies that close to the box.
 */
public final class Coordinates {

    /** Krasovsky 1940 ellipsoid, as the GCJ-02 formula has it: semi-major axis (m) and eccentricity squared. */
    private static final double KRASOVSKY_A = 6378245.0;
    private static final double KRASOVSKY_EE = 0.00669342162296594323;

    /** Baidu's constant: π × 3000 / 180. */
    private static final double BD_X_PI = PI * 3000.0 / 180.0;

    /** IUGG mean Earth radius R1, in metres. */
    private static final double MEAN_EARTH_RADIUS = 6_371_008.8;

    /** 1e-9° is about 0.1 mm; the offsets change so slowly that the last step lands far closer still. */
    private static final double INVERSE_TOLERANCE_DEGREES = 1e-9;
    private static final int INVERSE_MAX_STEPS = 30;

    private Coordinates() {
    }

    public static GeoPoint toWgs84(GeoPoint p, CoordinateSystem from) {
        return switch (from) {
            case WGS84 -> p;
            case GCJ02 -> gcjToWgs(p);
            case BD09 -> gcjToWgs(bdToGcj(p));
        };
    }

    /**
     * A location a client sent (lat, lng and the system they are in, all or none) in WGS-84; null when none was sent.
     * Refuses an incomplete or out-of-range one with 400 location-incomplete or location-invalid.
     */
    public static GeoPoint fromClient(Double lat, Double lng, CoordinateSystem system) {
        if (lat == null && lng == null) {
            return null;
        }
        if (lat == null || lng == null || system == null) {
            throw ApiProblem.badRequest("location-incomplete",
                    "A location needs lat, lng and coordinateSystem (WGS84, GCJ02 or BD09)");
        }
        try {
            return toWgs84(new GeoPoint(lat, lng), system);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("location-invalid", "lat must be -90..90 and lng -180..180");
        }
    }

    public static GeoPoint fromWgs84(GeoPoint wgs, CoordinateSystem to) {
        return switch (to) {
            case WGS84 -> wgs;
            case GCJ02 -> wgsToGcj(wgs);
            case BD09 -> gcjToBd(wgsToGcj(wgs));
        };
    }

    public static GeoPoint convert(GeoPoint p, CoordinateSystem from, CoordinateSystem to) {
        if (from == to) {
            return p;
        }
        // GCJ-02 and BD-09 are one formula apart; going through WGS-84 would only add an inversion.
        if (from == CoordinateSystem.GCJ02 && to == CoordinateSystem.BD09) {
            return gcjToBd(p);
        }
        if (from == CoordinateSystem.BD09 && to == CoordinateSystem.GCJ02) {
            return bdToGcj(p);
        }
        return fromWgs84(toWgs84(p, from), to);
    }

    /** Great-circle distance by the haversine formula on a sphere of the mean Earth radius. */
    public static double distanceMeters(GeoPoint a, GeoPoint b) {
        double phi1 = toRadians(a.lat());
        double phi2 = toRadians(b.lat());
        double sinHalfDLat = sin((phi2 - phi1) / 2);
        double sinHalfDLng = sin(toRadians(b.lng() - a.lng()) / 2);
        double h = sinHalfDLat * sinHalfDLat + cos(phi1) * cos(phi2) * sinHalfDLng * sinHalfDLng;
        return 2 * MEAN_EARTH_RADIUS * asin(min(1.0, sqrt(h)));
    }

    /** The rough box the GCJ-02 formula leaves alone outside of; it holds all of China and some of its neighbours. */
    public static boolean outsideChina(GeoPoint wgs) {
        return wgs.lng() < 72.004 || wgs.lng() > 137.8347 || wgs.lat() < 0.8293 || wgs.lat() > 55.8271;
    }

    /**
     * Degrees of latitude/longitude spanning `meters` around p: for a bounding-box pre-filter in SQL.
     * <p>
     * Returns {dLat, dLng}: every point within `meters` of p (by {@link #distanceMeters}) has a latitude within dLat
     * and a longitude within dLng of p's. dLng is the widest longitude reach of that circle, which lies poleward of
     * p; a circle that takes in a pole gets dLng = 180. The box does not wrap at ±180°: near the antimeridian the
     * caller must split it.
     */
    public static double[] boxDegrees(GeoPoint p, double meters) {
        if (!(meters >= 0.0) || Double.isInfinite(meters)) {
            throw new IllegalArgumentException("meters must be a finite number of at least 0, got " + meters);
        }
        // A pre-filter must never drop a point the exact distance keeps, so round-off is pushed outwards.
        double angle = meters / MEAN_EARTH_RADIUS * (1 + 1e-12);
        if (angle >= PI) {
            return new double[] {180.0, 180.0};
        }
        double dLat = toDegrees(angle);
        double sinReach = sin(angle) / cos(toRadians(p.lat()));
        double dLng = abs(p.lat()) + dLat >= 90.0 || sinReach >= 1.0 ? 180.0 : toDegrees(asin(sinReach)) * (1 + 1e-12);
        return new double[] {dLat, dLng};
    }

    private static GeoPoint wgsToGcj(GeoPoint wgs) {
        return outsideChina(wgs) ? wgs : gcjShift(wgs);
    }

    private static GeoPoint gcjToWgs(GeoPoint gcj) {
        return outsideChina(gcj) ? gcj : invert(Coordinates::gcjShift, gcj, gcj);
    }

    private static GeoPoint gcjToBd(GeoPoint gcj) {
        return outsideChina(gcj) ? gcj : bdEncrypt(gcj);
    }

    /**
     * bd_decrypt alone lands up to a quarter of a metre from the point bd_encrypt came from; a few more steps make a
     * point sent in BD-09, stored in WGS-84 and sent back in BD-09 come back where the client put it.
     */
    private static GeoPoint bdToGcj(GeoPoint bd) {
        return outsideChina(bd) ? bd : invert(Coordinates::bdEncrypt, bd, bdDecrypt(bd));
    }

    /** The GCJ-02 formula without its box: the polynomials give the offset in metres, the ellipsoid turns it into degrees. */
    private static GeoPoint gcjShift(GeoPoint wgs) {
        double x = wgs.lng() - 105.0;
        double y = wgs.lat() - 35.0;
        double shared = 2.0 / 3.0 * (20.0 * sin(6.0 * x * PI) + 20.0 * sin(2.0 * x * PI));
        double northMeters = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
                + shared
                + 2.0 / 3.0 * (20.0 * sin(y * PI) + 40.0 * sin(y / 3.0 * PI))
                + 2.0 / 3.0 * (160.0 * sin(y / 12.0 * PI) + 320.0 * sin(y / 30.0 * PI));
        double eastMeters = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
                + shared
                + 2.0 / 3.0 * (20.0 * sin(x * PI) + 40.0 * sin(x / 3.0 * PI))
                + 2.0 / 3.0 * (150.0 * sin(x / 12.0 * PI) + 300.0 * sin(x / 30.0 * PI));
        double phi = toRadians(wgs.lat());
        double sinPhi = sin(phi);
        double w = 1 - KRASOVSKY_EE * sinPhi * sinPhi;
        double meridianRadius = KRASOVSKY_A * (1 - KRASOVSKY_EE) / (w * sqrt(w));
        double parallelRadius = KRASOVSKY_A / sqrt(w) * cos(phi);
        return new GeoPoint(wgs.lat() + toDegrees(northMeters / meridianRadius),
                wgs.lng() + toDegrees(eastMeters / parallelRadius));
    }

    /** Baidu's bd_encrypt: GCJ-02 → BD-09, a small twist and stretch about the origin plus a fixed shift. */
    private static GeoPoint bdEncrypt(GeoPoint gcj) {
        double x = gcj.lng();
        double y = gcj.lat();
        double z = hypot(x, y) + 0.00002 * sin(y * BD_X_PI);
        double theta = atan2(y, x) + 0.000003 * cos(x * BD_X_PI);
        return new GeoPoint(z * sin(theta) + 0.006, z * cos(theta) + 0.0065);
    }

    /** Baidu's bd_decrypt: the published approximate inverse of bd_encrypt, used as the starting guess. */
    private static GeoPoint bdDecrypt(GeoPoint bd) {
        double x = bd.lng() - 0.0065;
        double y = bd.lat() - 0.006;
        double z = hypot(x, y) - 0.00002 * sin(y * BD_X_PI);
        double theta = atan2(y, x) - 0.000003 * cos(x * BD_X_PI);
        return new GeoPoint(z * sin(theta), z * cos(theta));
    }

    /**
     * Solves forward(p) = target by repeatedly subtracting the forward error. Both forward maps here are the identity
     * plus an offset that changes by at most about 2 % of any step inside the box (0.7 % for GCJ-02, 2.2 % for BD-09),
     * so each step shrinks the error at least fortyfold and a handful of steps suffice.
     */
    private static GeoPoint invert(UnaryOperator<GeoPoint> forward, GeoPoint target, GeoPoint start) {
        double lat = start.lat();
        double lng = start.lng();
        for (int step = 0; step < INVERSE_MAX_STEPS; step++) {
            GeoPoint image = forward.apply(new GeoPoint(lat, lng));
            double errorLat = image.lat() - target.lat();
            double errorLng = image.lng() - target.lng();
            lat -= errorLat;
            lng -= errorLng;
            if (abs(errorLat) < INVERSE_TOLERANCE_DEGREES && abs(errorLng) < INVERSE_TOLERANCE_DEGREES) {
                break;
            }
        }
        return new GeoPoint(lat, lng);
    }
}
