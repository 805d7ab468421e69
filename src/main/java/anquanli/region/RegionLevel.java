package anquanli.region;

/** The four levels of the NBS division tree; the number is the level column in the database. */
public enum RegionLevel {
    PROVINCE, CITY, COUNTY, TOWN;

    public int number() {
        return ordinal() + 1;
    }

    public static RegionLevel ofNumber(int n) {
        return values()[n - 1];
    }
}
