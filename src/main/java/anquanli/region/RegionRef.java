package anquanli.region;

/** A region as other resources mention it: code, name, level. */
public record RegionRef(String code, String name, RegionLevel level) {

    public static RegionRef of(Region r) {
        return new RegionRef(r.code(), r.name(), r.level());
    }
}
