package anquanli;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The plans PostgreSQL makes for a statement prepared once and executed again and again, as the service's connections
 * do. After five executions PostgreSQL compares its generic plan with the custom plans so far and keeps the generic
 * one only if its estimate is no worse; otherwise it plans every execution again. A generic plan shows the
 * statement's parameters ({@code unnest($1, ...)} in EXPLAIN VERBOSE) where a custom plan shows their values.
 * <p>
 * The choice depends on the tables' sizes, so the probe runs in a schema of its own, {@code plan_probe}, on tables
 * that {@code fill} creates there and fills to a realistic size. The schema is dropped afterwards.
 */
public final class PlanProbe {

    private PlanProbe() {
    }

    /**
     * EXPLAIN (VERBOSE) EXECUTE of each of the first {@code executions} runs of {@code statement} with {@code args}.
     */
    public static List<String> plans(AgroalDataSource ds, String fill, String statement, String parameterTypes,
                                     String args, int executions) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists plan_probe cascade; create schema plan_probe");
            s.execute(fill);
            s.execute("set search_path = plan_probe");
            try {
                s.execute("prepare plan_probe_statement(" + parameterTypes + ") as " + statement);
                List<String> plans = new ArrayList<>();
                for (int i = 0; i < executions; i++) {
                    StringBuilder plan = new StringBuilder();
                    String explain = "explain (verbose) execute plan_probe_statement(" + args + ")";
                    try (ResultSet rs = s.executeQuery(explain)) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                    plans.add(plan.toString());
                }
                return plans;
            } finally {
                s.execute("deallocate plan_probe_statement; reset search_path; drop schema plan_probe cascade");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
