package anquanli.leaderboard;

/** People appear on public boards only masked: 张*三 (first and last character), 张* for two-character names. */
public final class Names {

    private Names() {
    }

    public static String mask(String name) {
        if (name == null || name.isBlank()) {
            return "*";
        }
        int[] cps = name.strip().codePoints().toArray();
        if (cps.length == 1) {
            return new String(cps, 0, 1) + "*";
        }
        if (cps.length == 2) {
            return new String(cps, 0, 1) + "*";
        }
        return new String(cps, 0, 1) + "*" + new String(cps, cps.length - 1, 1);
    }
}
