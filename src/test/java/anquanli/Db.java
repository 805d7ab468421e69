package anquanli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Direct reads of the test schema, to check what the service wrote (and to know answer keys). */
@ApplicationScoped
public class Db {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final javax.sql.DataSource ds;

    @jakarta.inject.Inject
    public Db(AgroalDataSource ds) {
        this.ds = ds;
    }

    private Db(javax.sql.DataSource ds) {
        this.ds = ds;
    }

    /** Outside a Quarkus test (a test that runs the packaged service): straight to PostgreSQL. */
    public static Db of(String jdbcUrl) {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser("postgres");
        return new Db(ds);
    }

    public List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> row(String sql, Object... args) {
        List<Map<String, Object>> rows = rows(sql, args);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size() + " for " + sql);
        }
        return rows.get(0);
    }

    public long count(String sql, Object... args) {
        return ((Number) row(sql, args).values().iterator().next()).longValue();
    }

    public int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The opaque ids of the right options of question {@code index} (1-based) of an attempt. */
    public Set<String> correctOptionIds(String attemptId, int index) {
        Map<String, Object> r = row("select aq.option_order::text as shown, v.answer::text as answer "
                + "from attempt_question aq join question_version v on v.question_id = aq.question_id "
                + "and v.version = aq.question_version where aq.attempt_id = ? and aq.idx = ?",
                UUID.fromString(attemptId), (short) (index - 1));
        try {
            Set<String> answer = new HashSet<>();
            JSON.readTree((String) r.get("answer")).forEach(n -> answer.add(n.asText()));
            Set<String> ids = new HashSet<>();
            for (JsonNode o : JSON.readTree((String) r.get("shown"))) {
                if (answer.contains(o.get("key").asText())) {
                    ids.add(o.get("id").asText());
                }
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
