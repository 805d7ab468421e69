package anquanli.common;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Parameters of statements that take many rows at once through {@code unnest($1::uuid[], $2::int2[], ...)}: each
 * parameter is one column of the rows, as an array of the element type the PostgreSQL client binds ({@code UUID[]},
 * {@code Short[]}, {@code OffsetDateTime[]}...).
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
