package anquanli.faults;

import anquanli.Db;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the packaged service (the runnable jar this build made) on one database and one Redis, as in a
 * deployment: one is SIGKILLed in the middle of an attempt, and the participant carries on through the other with
 * nothing lost or counted twice; when Redis loses the boards, both instances notice and exactly one rebuilds them.
 * Runs after the jar is built (failsafe, {@code verify}), on a schema and Redis database of its own.
 */
class ServiceInstancesIT {

    private static final String SCHEMA = "anquanli_it";
    private static final int REDIS_DB = 7;
    private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=" + SCHEMA;
    private static final List<Instance> instances = new ArrayList<>();
    private static Db db;
    private static java.security.PrivateKey signingKey;
    private static Map<String, String> keys;

    private record Instance(String name, Process process, int port, int managementPort, Path log) {

        RequestSpecification api() {
            return RestAssured.given().baseUri("http://127.0.0.1").port(port);
        }

        String logText() throws IOException {
            return Files.readString(log);
        }
    }

    /** Keys of this run, as a deployment has its own: the packaged service refuses the repository's dev keys. */
    private static Map<String, String> keys() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        signingKey = pair.getPrivate();
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        Path pem = Path.of("target", "it-jwt-private.pem").toAbsolutePath();
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        String publicKey = b64.encodeToString(pair.getPublic().getEncoded());
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] field = new byte[32];
        byte[] hash = new byte[32];
        byte[] code = new byte[32];
        random.nextBytes(field);
        random.nextBytes(hash);
        random.nextBytes(code);
        return Map.ofEntries(Map.entry("SMALLRYE_JWT_SIGN_KEY_LOCATION", pem.toString()),
                Map.entry("QUARKUS_OIDC_PARTICIPANT_PUBLIC_KEY", publicKey),
                // No Keycloak here: the admin tenant verifies the run's key (no admin calls are made). System
                // properties, not environment variables: QUARKUS_OIDC_PUBLIC_KEY would not say which tenant it is for.
                Map.entry("-Dquarkus.oidc.auth-server-url", ""), Map.entry("-Dquarkus.oidc.discovery-enabled", "false"), Map.entry("-Dquarkus.oidc.public-key", publicKey),
                Map.entry("-Dquarkus.oidc.token.issuer", "https://anquanli.example/it-admins"),
                Map.entry("ANQUANLI_CRYPTO_FIELD_KEYS_IT", b64.encodeToString(field)),
                Map.entry("ANQUANLI_CRYPTO_FIELD_KEY", "it"),
                Map.entry("ANQUANLI_CRYPTO_PHONE_HASH_KEY", b64.encodeToString(hash)),
                // Signs the check-in codes of activity posters; any 32 bytes of its own.
                Map.entry("ANQUANLI_CRYPTO_CODE_KEYS_IT", b64.encodeToString(code)),
                Map.entry("ANQUANLI_CRYPTO_CODE_KEY", "it"),
                // A gateway is required in production; tokens are minted here, so no message is ever sent.
                Map.entry("ANQUANLI_SMS_ALIYUN_ENDPOINT", "http://127.0.0.1:9"),
                Map.entry("ANQUANLI_SMS_ALIYUN_ACCESS_KEY_ID", "it"),
                Map.entry("ANQUANLI_SMS_ALIYUN_ACCESS_KEY_SECRET", "it"),
                Map.entry("ANQUANLI_SMS_ALIYUN_SIGN_NAME", "it"),
                Map.entry("ANQUANLI_SMS_ALIYUN_TEMPLATES_LOGIN_CODE", "SMS_0"),
                Map.entry("ANQUANLI_SMS_ALIYUN_TEMPLATES_HAZARD_ACCEPTED", "SMS_0"),
                Map.entry("ANQUANLI_SMS_ALIYUN_TEMPLATES_HAZARD_CLOSED", "SMS_0"),
                Map.entry("ANQUANLI_SMS_ALIYUN_TEMPLATES_REPORT_REMINDER", "SMS_0"));
    }

    @BeforeAll
    static void freshSchemaAndRedis() throws Exception {
        keys = keys();
        db = Db.of("jdbc:postgresql://127.0.0.1:5432/postgres");
        db.update("drop schema if exists " + SCHEMA + " cascade");
        run("redis-cli", "-n", Integer.toString(REDIS_DB), "flushdb");
        db = Db.of(JDBC);
    }

    @AfterAll
    static void stopAll() {
        instances.forEach(i -> i.process().destroyForcibly());
    }

    private static Instance start(String name, int port, int managementPort) throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst().orElseThrow();
        }
        Path log = Path.of("target", "it-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx256m"));
        keys.forEach((k, v) -> {
            if (k.startsWith("-D")) {
                command.add(k + "=" + v);
            }
        });
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // As deployed (the prod profile), on a schema, Redis database and ports of its own; the schema is migrated
        // by whichever instance starts first. The campaign seeded from configuration is open today.
        Map<String, String> env = pb.environment();
        keys.forEach((k, v) -> {
            if (!k.startsWith("-D")) {
                env.put(k, v);
            }
        });
        env.put("ANQUANLI_DB_SCHEMA", SCHEMA);
        env.put("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379/" + REDIS_DB);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("ANQUANLI_BLOBS_FILE_DIRECTORY", "target/it-blobs");
        env.put("ANQUANLI_CAMPAIGN_SEED_WINDOW_AROUND_TODAY", "true");
        env.put("ANQUANLI_LEADERBOARD_CHECK_INTERVAL", "2s");
        Instance instance = new Instance(name, pb.start(), port, managementPort, log);
        instances.add(instance);
        long until = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < until) {
            if (!instance.process().isAlive()) {
                throw new IllegalStateException(name + " exited: " + instance.logText());
            }
            if (ready(managementPort)) {
                return instance;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready: " + instance.logText());
    }

    private static boolean ready(int managementPort) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + managementPort
                    + "/q/health/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
    }

    /** A participant as the SMS login would have made one, and an access token signed with the run's key. */
    private static String participant(Instance via) {
        byte[] hash = new byte[32];
        new java.security.SecureRandom().nextBytes(hash);
        long id = ((Number) db.row("insert into participant (phone_hash, phone_cipher, phone_masked) "
                + "values (?, ?, '137****0001') returning id", hash, hash).get("id")).longValue();
        String token = io.smallrye.jwt.build.Jwt.issuer("https://anquanli.example/participants")
                .subject(Long.toString(id)).claim("typ", "Bearer").groups(java.util.Set.of("participant"))
                .expiresIn(3600).sign(signingKey);
        via.api().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"displayName\":\"实例测试\",\"regionCode\":\"320102\",\"unitId\":null,"
                        + "\"identityType\":\"PUBLIC\"}")
                .when().put("/api/v1/me").then().statusCode(200);
        return token;
    }

    private static void answer(Instance via, String token, String attempt, int index) {
        via.api().header("Authorization", "Bearer " + token).when()
                .get("/api/v1/attempts/{id}/questions/current", attempt).then().statusCode(200);
        via.api().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("index", index, "optionIds", List.copyOf(db.correctOptionIds(attempt, index))))
                .when().post("/api/v1/attempts/{id}/answers", attempt).then().statusCode(200);
    }

    private static long rebuilds(List<Instance> of, long campaign) throws IOException {
        long n = 0;
        for (Instance i : of) {
            n += i.logText().lines().filter(l -> l.contains("Leaderboards of campaign " + campaign + " rebuilt"))
                    .count();
        }
        return n;
    }

    @Test
    void anInstanceKilledMidAttemptLosesNothingAndScheduledWorkRunsOnce() throws Exception {
        Instance a = start("a", 18181, 19181);
        Instance b = start("b", 18182, 19182);
        long campaign = b.api().when().get("/api/v1/campaigns/current").then().statusCode(200).extract().jsonPath()
                .getLong("id");

        String token = participant(a);
        String attempt = a.api().header("Authorization", "Bearer " + token).when()
                .post("/api/v1/campaigns/{id}/attempts", campaign).then().statusCode(201).extract().jsonPath()
                .getString("id");
        for (int i = 1; i <= 7; i++) {
            answer(a, token, attempt, i);
        }

        a.process().destroyForcibly().waitFor();

        // The participant carries on through the other instance, at the question after the last acknowledged one.
        JsonPath current = b.api().header("Authorization", "Bearer " + token).when()
                .get("/api/v1/attempts/{id}/questions/current", attempt).then().statusCode(200).extract().jsonPath();
        assertThat(current.getInt("index")).isEqualTo(8);
        int total = current.getInt("total");
        for (int i = 8; i <= total; i++) {
            answer(b, token, attempt, i);
        }
        b.api().header("Authorization", "Bearer " + token).when().get("/api/v1/attempts/{id}", attempt).then()
                .statusCode(200);

        assertThat(db.count("select answered_count from attempt where id = ?::uuid", attempt)).isEqualTo(total);
        assertThat(db.count("select count(*) from points_ledger where attempt_id = ?::uuid", attempt)).isEqualTo(1);
        assertThat(db.count("select sum(attempts) from competition_rollup where campaign_id = ? "
                + "and region_code = 'CN'", campaign)).isEqualTo(1);

        // Redis loses the boards while two instances run: each checks, one rebuilds.
        Instance c = start("c", 18183, 19183);
        long before = rebuilds(List.of(b, c), campaign);
        run("redis-cli", "-n", Integer.toString(REDIS_DB), "flushdb");
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until && b.api().when()
                .get("/api/v1/campaigns/{id}/leaderboards/participants", campaign).statusCode() != 200) {
            Thread.sleep(200);
        }
        b.api().when().get("/api/v1/campaigns/{id}/leaderboards/participants", campaign).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1));
        Thread.sleep(5_000);
        assertThat(rebuilds(List.of(b, c), campaign) - before).as("rebuilds after the flush, over both instances")
                .isEqualTo(1);
        assertThat(db.count("select count(*) from board_outbox")).isZero();
    }
}
