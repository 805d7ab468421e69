package anquanli.region;

import java.util.HashMap;
import java.util.Map;

/**
 * Small region trees for plain unit tests, without the database the real {@link RegionTree} loads from. Lives in
 * this package because a Region is only ever built by the tree.
 */
public final class TestRegions {

    private TestRegions() {
    }

    public static Region province(String code, String name) {
        return new Region(code, name, RegionLevel.PROVINCE, null);
    }

    /** A region one level below {@code parent}. */
    public static Region child(Region parent, String code, String name) {
        return new Region(code, name, RegionLevel.values()[parent.level().ordinal() + 1], parent);
    }

    /** A tree that knows the given regions and every region above them. */
    public static RegionTree tree(Region... regions) {
        Map<String, Region> byCode = new HashMap<>();
        for (Region r : regions) {
            r.path().forEach(p -> byCode.put(p.code(), p));
        }
        return new RegionTree(null) {
            @Override
            public Region find(String code) {
                return code == null ? null : byCode.get(code);
            }
        };
    }
}
