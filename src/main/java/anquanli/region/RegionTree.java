package anquanli.region;

import anquanli.common.ApiProblem;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The administrative-division tree (NBS 2023 statistical codes, shipped in resources/regions). At start-up it is
 * bulk-copied into PostgreSQL if the table is empty (foreign keys point at it) and held in memory: it never changes
 * while the service runs, and every request that names a region reads it.
 */
@ApplicationScoped
public class RegionTree {

    private static final Logger LOG = Logger.getLogger(RegionTree.class);

    private final AgroalDataSource dataSource;
    private volatile Map<String, Region> byCode = Map.of();
    private volatile List<Region> provinces = List.of();

    public RegionTree(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) throws SQLException, IOException {
        long started = System.nanoTime();
        List<String[]> rows = readResources();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select count(*) from region")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    long copied = copy(c, rows);
                    LOG.infof("Loaded %d regions into PostgreSQL", copied);
                }
            }
        }
        build(rows);
        LOG.infof("Region tree: %d divisions in %d ms", byCode.size(), (System.nanoTime() - started) / 1_000_000);
    }

    public Region find(String code) {
        return code == null ? null : byCode.get(code);
    }

    public Region require(String code) {
        Region r = find(code);
        if (r == null) {
            throw ApiProblem.notFound("Region", code);
        }
        return r;
    }

    public List<Region> provinces() {
        return provinces;
    }

    public int size() {
        return byCode.size();
    }

    private void build(List<String[]> rows) {
        Map<String, Region> map = new HashMap<>(rows.size() * 2);
        List<Region> roots = new ArrayList<>();
        for (String[] r : rows) { // rows are ordered by level, so a parent always exists before its children
            Region parent = r[3].isEmpty() ? null : map.get(r[3]);
            Region region = new Region(r[0], r[1], RegionLevel.ofNumber(Integer.parseInt(r[2])), parent);
            map.put(region.code(), region);
            if (parent == null) {
                roots.add(region);
            }
        }
        map.values().forEach(Region::sortChildren);
        roots.sort(java.util.Comparator.comparing(Region::code));
        this.byCode = Collections.unmodifiableMap(map);
        this.provinces = List.copyOf(roots);
    }

    /** Rows of code, name, level, parent, province, city, county, ordered province → town. */
    private static List<String[]> readResources() throws IOException {
        List<String[]> rows = new ArrayList<>(45_000);
        for (String[] r : csv("provinces.csv")) {
            rows.add(new String[]{r[0], r[1], "1", "", r[0], "", ""});
        }
        for (String[] r : csv("cities.csv")) {
            rows.add(new String[]{r[0], r[1], "2", r[2], r[2], r[0], ""});
        }
        for (String[] r : csv("areas.csv")) {
            rows.add(new String[]{r[0], r[1], "3", r[2], r[3], r[2], r[0]});
        }
        for (String[] r : csv("streets.csv")) {
            rows.add(new String[]{r[0], r[1], "4", r[2], r[3], r[4], r[2]});
        }
        return rows;
    }

    private static long copy(Connection c, List<String[]> rows) throws SQLException, IOException {
        StringBuilder sb = new StringBuilder(rows.size() * 48);
        for (String[] r : rows) {
            sb.append(r[0]).append('\t').append(r[1]).append('\t').append(r[2]).append('\t')
                    .append(nul(r[3])).append('\t').append(r[4]).append('\t')
                    .append(nul(r[5])).append('\t').append(nul(r[6])).append('\n');
        }
        return c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy region (code, name, level, parent_code, province_code, city_code, county_code) from stdin",
                new StringReader(sb.toString()));
    }

    private static String nul(String s) {
        return s.isEmpty() ? "\\N" : s;
    }

    /** The shipped files are simple: a header, comma-separated, names in double quotes without embedded quotes. */
    private static List<String[]> csv(String file) throws IOException {
        InputStream in = RegionTree.class.getClassLoader().getResourceAsStream("regions/" + file);
        if (in == null) {
            throw new UncheckedIOException(new IOException("Missing resource regions/" + file));
        }
        List<String[]> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].replace("\"", "").trim();
                }
                out.add(cells);
            }
        }
        return out;
    }
}
