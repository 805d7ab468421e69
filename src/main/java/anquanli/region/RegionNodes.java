package anquanli.region;

import java.util.ArrayList;
import java.util.List;

/**
 * The places a fact counts in for the progress report, given its region at every level (province, city, county,
 * town; the deeper ones null when the region stops above them): the country, each region under its parent, and, when
 * the region stops above town level, the region "directly" — in it but in none of its children (the report's
 * 未细分到下级地区 row). Roll-up tables key their rows by these (code, parent) pairs, and the report reads a region's
 * total as its own node, its rows as the nodes whose parent it is.
 */
public final class RegionNodes {

    /** The country's node: code CN, no parent. */
    public static final String COUNTRY = "CN";
    public static final String NO_PARENT = "";

    /** A node: {@code parent} is {@link #NO_PARENT} for the country and equals {@code code} for "directly in". */
    public record Node(String code, String parent) {

        public boolean direct() {
            return code.equals(parent);
        }
    }

    private RegionNodes() {
    }

    /** The nodes of a region given by its codes at each level, country first, then down the levels, then direct. */
    public static List<Node> of(String[] levels) {
        List<Node> nodes = new ArrayList<>(6);
        nodes.add(new Node(COUNTRY, NO_PARENT));
        String parent = COUNTRY;
        String deepest = null;
        for (String code : levels) {
            if (code == null) {
                break;
            }
            nodes.add(new Node(code, parent));
            parent = code;
            deepest = code;
        }
        if (deepest != null && levels[levels.length - 1] == null) {
            nodes.add(new Node(deepest, deepest));
        }
        return nodes;
    }

    /** The node that is a region's total: the country's for null. */
    public static Node totalOf(Region region) {
        if (region == null) {
            return new Node(COUNTRY, NO_PARENT);
        }
        Region parent = region.parent();
        return new Node(region.code(), parent == null ? COUNTRY : parent.code());
    }

    /** The parent code under which a region's child rows (and its direct node) are kept. */
    public static String childrenOf(Region region) {
        return region == null ? COUNTRY : region.code();
    }
}
