package anquanli.bench;

import anquanli.common.TimeOrderedIds;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Seeds a benchmark campaign fast with COPY: participants spread over the real counties (and their towns) by a
 * Zipf-like skew, units, a campaign open today, and some days of history (attempts and their ledger rows; the
 * per-question rows of past attempts are left out — only the draw's least-seen preference reads them).
 * The schema must exist already: start the service once against it (Flyway, region tree).
 * <p>
 * Participants are synthetic: random bytes stand in for the phone hash and ciphertext.
 * Usage: BenchSeed jdbcUrl participants historyDays → prints "campaignId firstParticipantId lastParticipantId".
 */
public final class BenchSeed {

    private BenchSeed() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int participants = Integer.parseInt(args[1]);
        int historyDays = Integer.parseInt(args[2]);
        long[] result = seed(url, participants, historyDays);
        System.out.println(result[0] + " " + result[1] + " " + result[2]);
    }

    public static long[] seed(String url, int participants, int historyDays) throws Exception {
        SplittableRandom random = new SplittableRandom(2022);
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            c.setAutoCommit(true);
            List<String[]> counties = new ArrayList<>(); // code, a town code or null
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select r.code, (select min(t.code) from region t where t.parent_code = "
                         + "r.code) from region r where r.level = 3 order by r.code")) {
                while (rs.next()) {
                    counties.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            long campaignId;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("insert into campaign (code, name, start_date, end_date, status, "
                         + "attempts_per_day, questions_per_attempt, seconds_per_question, correct_per_chance, "
                         + "chances_per_day_cap, points_per_correct, perfect_bonus, category_mix) values ('bench-"
                         + UUID.randomUUID() + "', '压测活动', '" + today.minusDays(historyDays) + "', '"
                         + today.plusDays(20) + "', 'ACTIVE', 1, 15, 30, 5, 3, 10, 20, "
                         + "'{\"safety-law\":3,\"fire\":2,\"emergency\":2,\"hazchem\":1,\"occupational-health\":1,"
                         + "\"road-traffic\":2,\"construction\":1,\"confined-space\":1,\"household\":2}') returning id")) {
                rs.next();
                campaignId = rs.getLong(1);
            }
            long firstUnit = nextId(c, "unit_id_seq");
            int units = Math.max(1, participants / 10);
            copy(c, "copy unit (id, name, region_code, kind) from stdin", units, i -> {
                String[] county = counties.get(zipf(random, counties.size()));
                return (firstUnit + i) + "\t压测单位" + (firstUnit + i) + "\t" + county[0] + "\tENTERPRISE\n";
            });
            c.createStatement().execute("select setval('unit_id_seq', " + (firstUnit + units) + ")");
            long firstParticipant = nextId(c, "participant_id_seq");
            String[] regionOf = new String[participants];
            long[] unitOf = new long[participants];
            copy(c, "copy participant (id, phone_hash, phone_cipher, phone_masked, display_name, region_code, unit_id, "
                    + "identity_type) from stdin", participants, i -> {
                String[] county = counties.get(zipf(random, counties.size()));
                String region = county[1] != null && random.nextBoolean() ? county[1] : county[0];
                regionOf[i] = region;
                unitOf[i] = random.nextInt(3) == 0 ? -1 : firstUnit + random.nextInt(units);
                long id = firstParticipant + i;
                return id + "\t\\\\x" + hex(random, 32) + "\t\\\\x" + hex(random, 40) + "\t139****" + String.format("%04d",
                        i % 10000) + "\t压测" + id + "\t" + region + "\t" + (unitOf[i] < 0 ? "\\N" : Long.toString(unitOf[i])) + "\tPUBLIC\n";
            });
            c.createStatement().execute("select setval('participant_id_seq', " + (firstParticipant + participants) + ")");
            // History: about 30% of participants played each past day.
            for (int d = historyDays; d >= 1; d--) {
                LocalDate day = today.minusDays(d);
                List<String> attempts = new ArrayList<>();
                List<String> ledger = new ArrayList<>();
                for (int i = 0; i < participants; i++) {
                    if (random.nextInt(10) >= 3) {
                        continue;
                    }
                    // Ids as the service mints them (time-ordered), so the indexes have the shape a deployment's have.
                    String id = TimeOrderedIds.next(day.atTime(12, 0).toInstant(java.time.ZoneOffset.ofHours(8))
                            .toEpochMilli() + i).toString();
                    int correct = random.nextInt(16);
                    int points = correct * 10 + (correct == 15 ? 20 : 0);
                    String at = day + " 12:00:00+08";
                    attempts.add(id + "\t" + campaignId + "\t" + (firstParticipant + i) + "\t" + day + "\t1\tFINISHED\t15\t15\t"
                            + correct + "\t" + points + "\t" + Math.min(3, correct / 5) + "\t" + regionOf[i] + "\t\\N\t"
                            + at + "\t" + at + "\t" + at + "\n");
                    String r = regionOf[i];
                    ledger.add(campaignId + "\t" + (firstParticipant + i) + "\t" + id + "\tATTEMPT\t" + points + "\t" + day
                            + "\t\\N\t" + r.substring(0, 2) + "\t" + r.substring(0, 4) + "\t" + r.substring(0, 6) + "\t"
                            + (r.length() == 9 ? r : "\\N") + "\t" + at + "\n");
                }
                copyLines(c, "copy attempt (id, campaign_id, participant_id, local_day, seq, status, question_count, "
                        + "answered_count, correct_count, points, lottery_chances, region_code, unit_id, started_at, "
                        + "deadline_at, finished_at) from stdin", attempts);
                copyLines(c, "copy points_ledger (campaign_id, participant_id, attempt_id, reason, points, local_day, "
                        + "unit_id, province_code, city_code, county_code, town_code, created_at) from stdin", ledger);
            }
            rollUp(c, campaignId);
            seedLottery(c, campaignId, firstParticipant, firstParticipant + participants - 1);
            // As autovacuum would have done long before the peak: statistics, and hint bits and the visibility map set,
            // so the scenarios' first reads do not pay for the bulk load (this machine runs without autovacuum).
            try (Statement st = c.createStatement()) {
                st.execute("vacuum analyze");
            }
            return new long[]{campaignId, firstParticipant, firstParticipant + participants - 1};
        }
    }

    /**
     * The report's daily roll-up of the seeded history, as the closings would have written it: by the statement with
     * which the migration that introduced the roll-up filled it from the ledger (the bulk load bypasses the closings).
     */
    static void rollUp(Connection c, long campaignId) throws Exception {
        String migration;
        try (java.io.InputStream in = BenchSeed.class.getClassLoader()
                .getResourceAsStream("db/migration/V12__reporting_path.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String backfill = migration.substring(migration.indexOf("insert into competition_rollup"));
        backfill = backfill.substring(0, backfill.indexOf(';') + 1);
        String every = "where l.reason = 'ATTEMPT'";
        if (!backfill.contains(every)) {
            throw new IllegalStateException("the roll-up's backfill statement changed: " + backfill);
        }
        try (Statement st = c.createStatement()) {
            st.execute(backfill.replace(every, "where l.campaign_id = " + campaignId + " and l.reason = 'ATTEMPT'"));
        }
    }

    /** Chances every seeded participant holds, for the draw scenario. */
    public static final int CHANCES_EACH = 3;

    /**
     * A prize wheel like the 2021 campaign's (goods one per person, phone credit, extra points, "thanks") with stock
     * enough for the run except the goods, and {@link #CHANCES_EACH} chances for every participant.
     */
    static void seedLottery(Connection c, long campaignId, long first, long last) throws Exception {
        byte[] seed = new byte[32];
        new java.security.SecureRandom().nextBytes(seed);
        String commitment = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(seed));
        try (Statement st = c.createStatement()) {
            st.execute("insert into lottery_pool (campaign_id, seed, commitment, total_weight, thanks_name, "
                    + "draw_deadline, claim_deadline) values (" + campaignId + ", '\\x"
                    + java.util.HexFormat.of().formatHex(seed) + "', '" + commitment + "', 10000, '谢谢参与', "
                    + "now() + interval '20 days', now() + interval '30 days')");
            st.execute("insert into lottery_tier (campaign_id, rank, name, kind, amount, weight, stock, "
                    + "per_person_limit) values "
                    + "(" + campaignId + ", 1, '应急救援包', 'PHYSICAL', 0, 50, 500, 1), "
                    + "(" + campaignId + ", 2, '10元话费', 'PHONE_CREDIT', 10, 1000, 20000, null), "
                    + "(" + campaignId + ", 3, '50积分', 'POINTS', 50, 3000, 5000000, null)");
            st.execute("insert into lottery_stock_event (tier_id, units, admin, created_at) select id, stock, "
                    + "'bench', now() - interval '1 hour' from lottery_tier where campaign_id = " + campaignId);
            st.execute("insert into lottery_chance (campaign_id, participant_id, delta, created_at) select "
                    + campaignId + ", g, " + CHANCES_EACH + ", now() - interval '1 hour' from generate_series("
                    + first + ", " + last + ") g");
        }
    }

    /** Rank-skewed pick: a few counties hold many participants, most hold few (like population). */
    static int zipf(SplittableRandom random, int n) {
        double u = random.nextDouble();
        return (int) Math.min(n - 1, Math.floor(Math.pow(n, u)) - 1);
    }

    private static long nextId(Connection c, String sequence) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select nextval('" + sequence + "')")) {
            rs.next();
            return rs.getLong(1) + 1;
        }
    }

    private static String hex(SplittableRandom random, int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            sb.append(String.format("%02x", random.nextInt(256)));
        }
        return sb.toString();
    }

    private interface RowSource {
        String row(int i) throws Exception;
    }

    private static void copy(Connection c, String sql, int rows, RowSource source) throws Exception {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                batch.append(source.row(i));
                if (batch.length() > 1 << 20) {
                    byte[] b = batch.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(b, 0, b.length);
                    batch.setLength(0);
                }
            }
            byte[] b = batch.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(b, 0, b.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void copyLines(Connection c, String sql, List<String> lines) throws Exception {
        copy(c, sql, lines.size(), lines::get);
    }
}
