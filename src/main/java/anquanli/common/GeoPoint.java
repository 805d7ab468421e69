package anquanli.common;

/** A latitude and longitude in degrees, in whichever {@link CoordinateSystem} the context says. */
public record GeoPoint(double lat, double lng) {

    public GeoPoint {
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(lat >= -90.0 && lat <= 90.0)) {
            throw new IllegalArgumentException("latitude must be a number from -90 to 90, got " + lat);
        }
        if (!(lng >= -180.0 && lng <= 180.0)) {
            throw new IllegalArgumentException("longitude must be a number from -180 to 180, got " + lng);
        }
    }
}
