package anquanli.common;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Parameters of statements that take many rows at once through {@code unnest($1::uuid[], $2::int2[], ...)}: each
 * parameter is one column of the rows, as an array of the element type the PostgreSQL client binds ({@code UUID[]},
 * {@code Short[]}, {@code OffsetDateTime[]}...).
 * <p>
 * A statement on a request's path that looks rows up or updates them by such input takes the input through a
 * subquery with {@code limit $n}, n the number of rows (so it drops nothing). PostgreSQL costs its generic plan for
 * the 10 rows it assumes an unnest of parameters returns, finds it dearer than a plan for the one or few rows a
 * request brings, and then plans every execution again, which cost more than executing them. With a limit it cannot
 * see, it estimates a tenth of the rows and keeps the generic plan. A plain {@code insert ... select from unnest(...)}
 * has only one plan and needs no limit; an administrator's import of hundreds of rows is better planned for them.
 * {@code PlanProbe} (tests) checks the plan a statement settles on. The bound is per statement on purpose: forcing
 * generic plans for the whole connection ({@code plan_cache_mode}) would also hold for the statistics and
 * administration queries, whose region and date parameters are better planned for their values.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** {@code value} of every row, in row order. */
    public static <T, C> C[] column(List<T> rows, Function<? super T, ? extends C> value, IntFunction<C[]> array) {
        C[] out = array.apply(rows.size());
        for (int i = 0; i < out.length; i++) {
            out[i] = value.apply(rows.get(i));
        }
        return out;
    }
}
