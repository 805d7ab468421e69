package anquanli.common;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static anquanli.common.CoordinateSystem.BD09;
import static anquanli.common.CoordinateSystem.GCJ02;
import static anquanli.common.CoordinateSystem.WGS84;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CoordinatesTest {

    private static final double MIN_LAT = 0.8293;
    private static final double MAX_LAT = 55.8271;
    private static final double MIN_LNG = 72.004;
    private static final double MAX_LNG = 137.8347;

    /**
     * Round trips are sampled 0.05° inside the GCJ box: nearer its edges a shift can carry a point across the cut,
     * where the formula leaves points alone, so the inverse there is ambiguous. China itself lies at least 1.5° inside.
     */
    private static final double EDGE_MARGIN = 0.05;

    // Published pairs, computed by the formula's best-known implementations.

    @Test
    void wgsToGcjMatchesTheEviltransformTestVectors() {
        // googollee/eviltransform, go/transform_test.go: {wgsLat, wgsLng, gcjLat, gcjLng}.
        double[][] pairs = {
                {31.1774276, 121.5272106, 31.17530398364597, 121.531541859215},   // Shanghai
                {22.543847, 113.912316, 22.540796131694766, 113.9171764808363},   // Shenzhen
                {39.911954, 116.377817, 39.91334545536069, 116.38404722455657},   // Beijing
        };
        for (double[] pair : pairs) {
            GeoPoint wgs = new GeoPoint(pair[0], pair[1]);
            GeoPoint gcj = new GeoPoint(pair[2], pair[3]);
            assertNear(Coordinates.fromWgs84(wgs, GCJ02), gcj, 1e-9);
            assertThat(Coordinates.distanceMeters(Coordinates.toWgs84(gcj, GCJ02), wgs)).isLessThan(0.001);
        }
    }

    @Test
    void wgsToGcjAndGcjToBdMatchTheCoordtransformExample() {
        // wandergis/coordtransform, test/app.js, all from (116.404, 39.915).
        GeoPoint p = new GeoPoint(39.915, 116.404);
        assertNear(Coordinates.fromWgs84(p, GCJ02), new GeoPoint(39.91640428150164, 116.41024449916938), 1e-9);
        assertNear(Coordinates.convert(p, GCJ02, BD09), new GeoPoint(39.92133699351021, 116.41036949371029), 1e-9);

        // Its BD→GCJ answer is Baidu's one-shot approximate inverse; ours is within centimetres of it, and unlike it
        // re-encrypts to the point we started from.
        GeoPoint published = new GeoPoint(39.90865673957631, 116.39762729119315);
        GeoPoint ours = Coordinates.convert(p, BD09, GCJ02);
        assertThat(Coordinates.distanceMeters(ours, published)).isLessThan(0.25);
        assertThat(Coordinates.distanceMeters(Coordinates.convert(ours, GCJ02, BD09), p)).isLessThan(1e-4);
        assertThat(Coordinates.distanceMeters(Coordinates.convert(published, GCJ02, BD09), p))
                .isGreaterThan(Coordinates.distanceMeters(Coordinates.convert(ours, GCJ02, BD09), p));
    }

    @Test
    void beijingRailwayStationMatchesTheGeoChinaExampleToItsFiveDecimals() {
        // geoChina R package (Jun Cai, CRAN), its documented example, rounded to 5 decimals there.
        GeoPoint wgs = new GeoPoint(39.90105, 116.42079);
        GeoPoint gcj = new GeoPoint(39.90245, 116.42703);
        GeoPoint bd = new GeoPoint(39.90851, 116.43351);
        assertNear(Coordinates.fromWgs84(wgs, GCJ02), gcj, 1e-5);
        assertNear(Coordinates.convert(gcj, GCJ02, BD09), bd, 1e-5);
        assertNear(Coordinates.toWgs84(bd, BD09), wgs, 2e-5);
    }

    // An independent implementation: the published formula as it is usually printed, line by line.

    @Test
    void forwardConversionsAgreeWithALiteralTranscriptionOfThePublishedFormulas() {
        Random random = new Random(20240601);
        double worst = 0;
        int shifted = 0;
        for (int i = 0; i < 10_000; i++) {
            // Reach a little past the box on every side, so the cut is exercised too.
            GeoPoint p = new GeoPoint(-5 + random.nextDouble() * 66, 65 + random.nextDouble() * 80);
            GeoPoint gcj = Coordinates.fromWgs84(p, GCJ02);
            worst = Math.max(worst, degreesApart(gcj, Literal.wgs2gcj(p)));
            worst = Math.max(worst, degreesApart(Coordinates.convert(p, GCJ02, BD09), Literal.gcj2bd(p)));
            worst = Math.max(worst, degreesApart(Coordinates.fromWgs84(p, BD09), Literal.gcj2bd(Literal.wgs2gcj(p))));
            shifted += gcj.equals(p) ? 0 : 1;
        }
        assertThat(worst).isLessThan(1e-12);
        // Both sides of the cut were sampled.
        assertThat(shifted).isBetween(5_000, 9_000);
    }

    private static double degreesApart(GeoPoint a, GeoPoint b) {
        return Math.max(Math.abs(a.lat() - b.lat()), Math.abs(a.lng() - b.lng()));
    }

    // Published sanity facts.

    @Test
    void tiananmenMovesAFewHundredMetresNorthEastInGcj() {
        GeoPoint wgs = new GeoPoint(39.9087, 116.3975);
        GeoPoint gcj = Coordinates.fromWgs84(wgs, GCJ02);
        assertThat(gcj.lat() - wgs.lat()).isCloseTo(0.0014, within(0.0002));
        assertThat(gcj.lng() - wgs.lng()).isCloseTo(0.0062, within(0.0002));
        assertThat(Coordinates.distanceMeters(wgs, gcj)).isBetween(100.0, 700.0);
    }

    @Test
    void gcjOffsetIsNeverMoreThan700MetresAcrossChina() {
        // "a deviation no more than 700 meters in China", as the geoChina package describes GCJ-02.
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            // Mainland China, roughly: 18–53°N, 74–134°E.
            GeoPoint wgs = new GeoPoint(18 + random.nextDouble() * 35, 74 + random.nextDouble() * 60);
            assertThat(Coordinates.distanceMeters(wgs, Coordinates.fromWgs84(wgs, GCJ02))).isBetween(1.0, 700.0);
        }
    }

    @Test
    void baiduAddsAboutSixThousandthsOfADegreeOnTopOfGcjInBeijing() {
        GeoPoint gcj = new GeoPoint(39.9087, 116.3975);
        GeoPoint bd = Coordinates.convert(gcj, GCJ02, BD09);
        // The fixed shift is +0.006 / +0.0065; the twist and stretch add a few ten-thousandths.
        assertThat(bd.lat() - gcj.lat()).isCloseTo(0.0060, within(0.0005));
        assertThat(bd.lng() - gcj.lng()).isCloseTo(0.0065, within(0.0005));
    }

    @Test
    void pointsOutsideChinaAreTheSameInEverySystem() {
        GeoPoint[] abroad = {
                new GeoPoint(35.6895, 139.6917),    // Tokyo
                new GeoPoint(51.5074, -0.1278),     // London
                new GeoPoint(40.7128, -74.0060),    // New York
                new GeoPoint(-33.8688, 151.2093),   // Sydney
        };
        for (GeoPoint p : abroad) {
            assertThat(Coordinates.outsideChina(p)).isTrue();
            for (CoordinateSystem from : CoordinateSystem.values()) {
                for (CoordinateSystem to : CoordinateSystem.values()) {
                    assertThat(Coordinates.convert(p, from, to)).as("%s %s→%s", p, from, to).isEqualTo(p);
                }
            }
        }
        assertThat(Coordinates.outsideChina(new GeoPoint(39.9087, 116.3975))).isFalse();
    }

    // Round trips.

    @Test
    void roundTripsThroughEverySystemComeBackWithinAMillimetre() {
        Random random = new Random(42);
        double worstGcj = 0;
        double worstBd = 0;
        double worstGcjBd = 0;
        double worstBdGcj = 0;
        for (int i = 0; i < 10_000; i++) {
            GeoPoint p = randomPointInsideTheBox(random);
            worstGcj = Math.max(worstGcj, roundTripError(p, WGS84, GCJ02));
            worstBd = Math.max(worstBd, roundTripError(p, WGS84, BD09));
            worstGcjBd = Math.max(worstGcjBd, roundTripError(p, GCJ02, BD09));
            worstBdGcj = Math.max(worstBdGcj, roundTripError(p, BD09, GCJ02));
        }
        System.out.printf("Worst round-trip errors over 10,000 points: WGS→GCJ→WGS %.2e m, WGS→BD→WGS %.2e m, "
                + "GCJ→BD→GCJ %.2e m, BD→GCJ→BD %.2e m%n", worstGcj, worstBd, worstGcjBd, worstBdGcj);
        // The requirement is a metre; the iterations reach far better, and a slip in them would show here first.
        assertThat(worstGcj).isLessThan(0.001);
        assertThat(worstBd).isLessThan(0.001);
        assertThat(worstGcjBd).isLessThan(0.001);
        assertThat(worstBdGcj).isLessThan(0.001);
    }

    @Test
    void inverseConvergesAtTheMeridianWhereTheOffsetHasASquareRootKink() {
        // The formula's sqrt(|lng − 105|) terms have an unbounded slope at 105°E.
        Random random = new Random(105);
        for (int i = 0; i < 1_000; i++) {
            GeoPoint p = new GeoPoint(5 + random.nextDouble() * 50, 105.0 + (random.nextDouble() - 0.5) * 1e-6);
            assertThat(roundTripError(p, WGS84, GCJ02)).isLessThan(0.001);
            assertThat(roundTripError(p, WGS84, BD09)).isLessThan(0.001);
        }
    }

    @Test
    void convertingThroughWgsAgreesWithConvertingDirectly() {
        Random random = new Random(3);
        for (int i = 0; i < 1_000; i++) {
            GeoPoint p = randomPointInsideTheBox(random);
            for (CoordinateSystem from : CoordinateSystem.values()) {
                for (CoordinateSystem to : CoordinateSystem.values()) {
                    GeoPoint viaWgs = Coordinates.fromWgs84(Coordinates.toWgs84(p, from), to);
                    assertThat(Coordinates.distanceMeters(Coordinates.convert(p, from, to), viaWgs)).isLessThan(0.001);
                }
            }
        }
    }

    // Distances.

    @Test
    void beijingToShanghaiIsAbout1067Kilometres() {
        GeoPoint beijing = new GeoPoint(39.9042, 116.4074);
        GeoPoint shanghai = new GeoPoint(31.2304, 121.4737);
        assertThat(Coordinates.distanceMeters(beijing, shanghai)).isCloseTo(1_067_000.0, within(5_000.0));
        assertThat(Coordinates.distanceMeters(shanghai, beijing)).isEqualTo(Coordinates.distanceMeters(beijing, shanghai));
    }

    @Test
    void aPointIsNoDistanceFromItself() {
        GeoPoint p = new GeoPoint(39.9042, 116.4074);
        assertThat(Coordinates.distanceMeters(p, p)).isZero();
    }

    @Test
    void aMillidegreeOfLatitudeIsAbout111Metres() {
        // 6,371,008.8 m × π / 180 / 1000 = 111.195 m, at any longitude.
        assertThat(Coordinates.distanceMeters(new GeoPoint(30.0, 110.0), new GeoPoint(30.001, 110.0)))
                .isCloseTo(111.195, within(0.001));
        assertThat(Coordinates.distanceMeters(new GeoPoint(-60.0, -20.0), new GeoPoint(-60.001, -20.0)))
                .isCloseTo(111.195, within(0.001));
    }

    @Test
    void antipodesAreHalfACircumferenceApart() {
        assertThat(Coordinates.distanceMeters(new GeoPoint(0, 0), new GeoPoint(0, 180)))
                .isCloseTo(Math.PI * 6_371_008.8, within(0.001));
        assertThat(Coordinates.distanceMeters(new GeoPoint(90, 0), new GeoPoint(-90, 0)))
                .isCloseTo(Math.PI * 6_371_008.8, within(0.001));
    }

    // The SQL pre-filter box.

    @Test
    void everyPointWithinTheRadiusLiesInsideTheBox() {
        Random random = new Random(11);
        for (int c = 0; c < 500; c++) {
            GeoPoint centre = new GeoPoint(-85 + random.nextDouble() * 170, -170 + random.nextDouble() * 340);
            double meters = Math.pow(10, random.nextDouble() * 6);   // 1 m to 1,000 km
            double[] box = Coordinates.boxDegrees(centre, meters);
            for (int i = 0; i < 200; i++) {
                // Half on the circle itself, where the box is tightest, half inside it.
                double distance = i % 2 == 0 ? meters : meters * random.nextDouble();
                GeoPoint q = destination(centre, random.nextDouble() * 360, distance);
                if (Coordinates.distanceMeters(centre, q) > meters) {
                    continue;
                }
                assertThat(Math.abs(q.lat() - centre.lat())).as("%s %s m → %s", centre, meters, q)
                        .isLessThanOrEqualTo(box[0]);
                assertThat(Math.abs(longitudeDifference(q, centre))).as("%s %s m → %s", centre, meters, q)
                        .isLessThanOrEqualTo(box[1]);
            }
        }
    }

    @Test
    void theBoxIsNoWiderThanTheCircleItBounds() {
        GeoPoint centre = new GeoPoint(39.9087, 116.3975);
        double meters = 5_000;
        double[] box = Coordinates.boxDegrees(centre, meters);
        double northmost = destination(centre, 0, meters).lat() - centre.lat();
        double widest = 0;
        for (int tenth = 0; tenth < 3600; tenth++) {
            widest = Math.max(widest, Math.abs(longitudeDifference(destination(centre, tenth / 10.0, meters), centre)));
        }
        assertThat(box[0]).isCloseTo(northmost, within(1e-9));
        assertThat(box[1]).isCloseTo(widest, within(1e-7));
        // 5 km is 0.04497° of latitude (5,000 / 111,195 m), and more than that divided by cos 40° of longitude.
        assertThat(box[0]).isCloseTo(0.04497, within(0.00001));
        assertThat(box[1]).isGreaterThan(box[0] / Math.cos(Math.toRadians(centre.lat())));
    }

    @Test
    void aCircleAroundAPoleTakesInEveryLongitude() {
        assertThat(Coordinates.boxDegrees(new GeoPoint(89.9, 0), 20_000)[1]).isEqualTo(180.0);
        assertThat(Coordinates.boxDegrees(new GeoPoint(0, 0), 30_000_000)).containsExactly(180.0, 180.0);
        assertThat(Coordinates.boxDegrees(new GeoPoint(30, 120), 0)).containsExactly(0.0, 0.0);
    }

    @Test
    void boxRefusesANegativeOrUndefinedRadius() {
        GeoPoint p = new GeoPoint(30, 120);
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Coordinates.boxDegrees(p, bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // The point itself.

    @Test
    void geoPointRefusesValuesThatAreNotCoordinates() {
        double[][] bad = {
                {Double.NaN, 0}, {0, Double.NaN},
                {Double.POSITIVE_INFINITY, 0}, {Double.NEGATIVE_INFINITY, 0},
                {0, Double.POSITIVE_INFINITY}, {0, Double.NEGATIVE_INFINITY},
                {90.0001, 0}, {-90.0001, 0}, {0, 180.0001}, {0, -180.0001},
        };
        for (double[] values : bad) {
            assertThatThrownBy(() -> new GeoPoint(values[0], values[1]))
                    .as("%s, %s", values[0], values[1])
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void geoPointAcceptsTheEdgesOfTheRange() {
        assertThat(new GeoPoint(90, 180)).isEqualTo(new GeoPoint(90.0, 180.0));
        assertThat(new GeoPoint(-90, -180).lat()).isEqualTo(-90.0);
    }

    private static double roundTripError(GeoPoint p, CoordinateSystem from, CoordinateSystem via) {
        return Coordinates.distanceMeters(p, Coordinates.convert(Coordinates.convert(p, from, via), via, from));
    }

    private static GeoPoint randomPointInsideTheBox(Random random) {
        double lat = MIN_LAT + EDGE_MARGIN + random.nextDouble() * (MAX_LAT - MIN_LAT - 2 * EDGE_MARGIN);
        double lng = MIN_LNG + EDGE_MARGIN + random.nextDouble() * (MAX_LNG - MIN_LNG - 2 * EDGE_MARGIN);
        return new GeoPoint(lat, lng);
    }

    /** The point `meters` from p along the initial bearing, on the same sphere (the "direct" great-circle formula). */
    private static GeoPoint destination(GeoPoint p, double bearingDegrees, double meters) {
        double delta = meters / 6_371_008.8;
        double theta = Math.toRadians(bearingDegrees);
        double phi1 = Math.toRadians(p.lat());
        double lambda1 = Math.toRadians(p.lng());
        double phi2 = Math.asin(Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta));
        double lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
                Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2));
        double lng = Math.toDegrees(lambda2);
        lng = ((lng + 540) % 360) - 180;
        return new GeoPoint(Math.toDegrees(phi2), lng);
    }

    private static double longitudeDifference(GeoPoint q, GeoPoint p) {
        double d = q.lng() - p.lng();
        return d > 180 ? d - 360 : d < -180 ? d + 360 : d;
    }

    private static void assertNear(GeoPoint actual, GeoPoint expected, double degrees) {
        assertThat(actual.lat()).as("lat of %s vs %s", actual, expected).isCloseTo(expected.lat(), within(degrees));
        assertThat(actual.lng()).as("lng of %s vs %s", actual, expected).isCloseTo(expected.lng(), within(degrees));
    }

    /** The formulas as they are commonly published (variable names and all), kept apart from the code under test. */
    private static final class Literal {
        static final double pi = 3.1415926535897932384626;
        static final double a = 6378245.0;
        static final double ee = 0.00669342162296594323;
        static final double x_pi = 3.14159265358979324 * 3000.0 / 180.0;

        static boolean outOfChina(double lat, double lon) {
            if (lon < 72.004 || lon > 137.8347) {
                return true;
            }
            return lat < 0.8293 || lat > 55.8271;
        }

        static double transformLat(double x, double y) {
            double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
            ret += (20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0 / 3.0;
            ret += (20.0 * Math.sin(y * pi) + 40.0 * Math.sin(y / 3.0 * pi)) * 2.0 / 3.0;
            ret += (160.0 * Math.sin(y / 12.0 * pi) + 320 * Math.sin(y * pi / 30.0)) * 2.0 / 3.0;
            return ret;
        }

        static double transformLon(double x, double y) {
            double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
            ret += (20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0 / 3.0;
            ret += (20.0 * Math.sin(x * pi) + 40.0 * Math.sin(x / 3.0 * pi)) * 2.0 / 3.0;
            ret += (150.0 * Math.sin(x / 12.0 * pi) + 300.0 * Math.sin(x / 30.0 * pi)) * 2.0 / 3.0;
            return ret;
        }

        static GeoPoint wgs2gcj(GeoPoint p) {
            double wgLat = p.lat();
            double wgLon = p.lng();
            if (outOfChina(wgLat, wgLon)) {
                return p;
            }
            double dLat = transformLat(wgLon - 105.0, wgLat - 35.0);
            double dLon = transformLon(wgLon - 105.0, wgLat - 35.0);
            double radLat = wgLat / 180.0 * pi;
            double magic = Math.sin(radLat);
            magic = 1 - ee * magic * magic;
            double sqrtMagic = Math.sqrt(magic);
            dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * pi);
            dLon = (dLon * 180.0) / (a / sqrtMagic * Math.cos(radLat) * pi);
            return new GeoPoint(wgLat + dLat, wgLon + dLon);
        }

        static GeoPoint gcj2bd(GeoPoint p) {
            double gg_lat = p.lat();
            double gg_lon = p.lng();
            if (outOfChina(gg_lat, gg_lon)) {
                return p;
            }
            double x = gg_lon, y = gg_lat;
            double z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * x_pi);
            double theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * x_pi);
            double bd_lon = z * Math.cos(theta) + 0.0065;
            double bd_lat = z * Math.sin(theta) + 0.006;
            return new GeoPoint(bd_lat, bd_lon);
        }
    }
}
