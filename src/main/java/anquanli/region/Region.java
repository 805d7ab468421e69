package anquanli.region;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One division of the tree, immutable once the tree is loaded. Ancestor codes are kept so callers never walk the
 * tree to find the province, city or county of a town.
 */
public final class Region {

    private final String code;
    private final String name;
    private final RegionLevel level;
    private final Region parent;
    private final List<Region> children = new ArrayList<>();

    Region(String code, String name, RegionLevel level, Region parent) {
        this.code = code;
        this.name = name;
        this.level = level;
        this.parent = parent;
        if (parent != null) {
            parent.children.add(this);
        }
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public RegionLevel level() {
        return level;
    }

    public Region parent() {
        return parent;
    }

    public List<Region> children() {
        return Collections.unmodifiableList(children);
    }

    /** This region's ancestor (or itself) at the given level, or null when the level is below this one. */
    public Region at(RegionLevel wanted) {
        Region r = this;
        while (r != null && r.level.compareTo(wanted) > 0) {
            r = r.parent;
        }
        return r != null && r.level == wanted ? r : null;
    }

    public String codeAt(RegionLevel wanted) {
        Region r = at(wanted);
        return r == null ? null : r.code;
    }

    /** Root first, this region last. */
    public List<Region> path() {
        List<Region> path = new ArrayList<>();
        for (Region r = this; r != null; r = r.parent) {
            path.add(0, r);
        }
        return path;
    }

    /** True when this region is {@code other} or lies below it. */
    public boolean within(Region other) {
        for (Region r = this; r != null; r = r.parent) {
            if (r == other) {
                return true;
            }
        }
        return false;
    }

    /** Participants and units belong to a county or a town (the levels where work units are registered). */
    public boolean isLocal() {
        return level == RegionLevel.COUNTY || level == RegionLevel.TOWN;
    }

    void sortChildren() {
        children.sort(java.util.Comparator.comparing(Region::code));
    }
}
