package anquanli.quiz;

/**
 * Whether a closing attempt is its participant's first in each place the attempt counts for — over the whole campaign
 * and on the attempt's day: the country, each region level of the attempt (province, city, county, town), exactly
 * its own region (the report's "in X, in none of X's children" row) and its unit. Read from the ledger inside the
 * closing transaction, after the participant's row is locked, so two attempts of one participant closing together
 * see each other and a participant is counted once.
 */
public record Firsts(boolean nationalT, boolean nationalD, boolean[] levelT, boolean[] levelD, boolean exactT,
                     boolean exactD, boolean unitT, boolean unitD) {

    /** First at region level {@code level} (0 province .. 3 town), over the campaign or on the day. */
    public boolean level(int level, boolean day) {
        return day ? levelD[level] : levelT[level];
    }
}
