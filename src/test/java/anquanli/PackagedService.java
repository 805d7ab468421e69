package anquanli;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runnable jar this build made, started as deployed (the prod profile) on a schema, Redis database and ports of
 * its own, with keys of the run: the packaged service refuses the repository's dev keys. For the tests that run after
 * the jar is built (failsafe, {@code *IT}).
 */
public final class PackagedService {

    /** One running instance. */
    public record Instance(String name, Process process, int port, int managementPort, Path log) {

        public RequestSpecification api() {
            return RestAssured.given().baseUri("http://127.0.0.1").port(port);
        }

        public String logText() throws IOException {
            return Files.readString(log);
        }
    }

    private final String schema;
    /** Environment variables, and system properties under their {@code -D} name. */
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Instance> instances = new ArrayList<>();
    private final PrivateKey signingKey;
    private final Db db;
    private final anquanli.common.FieldCipher cipher;

    private PackagedService(String schema, int redisDb) throws Exception {
        this.schema = schema;
        this.db = Db.of("jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=" + schema);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        signingKey = pair.getPrivate();
        Path pem = Path.of("target", schema + "-jwt-private.pem").toAbsolutePath();
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        String publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        settings.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", pem.toString());
        settings.put("QUARKUS_OIDC_PARTICIPANT_PUBLIC_KEY", publicKey);
        // No Keycloak unless a test sets one (adminsFrom): the admin tenant verifies the run's key. System
        // properties, not environment variables: QUARKUS_OIDC_PUBLIC_KEY would not say which tenant it is for.
        settings.put("-Dquarkus.oidc.auth-server-url", "");
        settings.put("-Dquarkus.oidc.discovery-enabled", "false");
        settings.put("-Dquarkus.oidc.public-key", publicKey);
        settings.put("-Dquarkus.oidc.token.issuer", "https://anquanli.example/it-admins");
        String fieldKey = randomKey();
        String phoneHashKey = randomKey();
        settings.put("ANQUANLI_CRYPTO_FIELD_KEYS_IT", fieldKey);
        settings.put("ANQUANLI_CRYPTO_FIELD_KEY", "it");
        settings.put("ANQUANLI_CRYPTO_PHONE_HASH_KEY", phoneHashKey);
        cipher = new anquanli.common.FieldCipher(new anquanli.common.CryptoConfig() {
            public Map<String, String> fieldKeys() {
                return Map.of("it", fieldKey);
            }

            public String fieldKey() {
                return "it";
            }

            public String phoneHashKey() {
                return phoneHashKey;
            }

            public Map<String, String> codeKeys() {
                return Map.of();
            }

            public String codeKey() {
                return "it";
            }
        });
        // Signs the check-in codes of activity posters; any 32 bytes of its own.
        settings.put("ANQUANLI_CRYPTO_CODE_KEYS_IT", randomKey());
        settings.put("ANQUANLI_CRYPTO_CODE_KEY", "it");
        // A gateway is required in production; tokens are minted here, so no message is ever sent.
        settings.put("ANQUANLI_SMS_ALIYUN_ENDPOINT", "http://127.0.0.1:9");
        settings.put("ANQUANLI_SMS_ALIYUN_ACCESS_KEY_ID", "it");
        settings.put("ANQUANLI_SMS_ALIYUN_ACCESS_KEY_SECRET", "it");
        settings.put("ANQUANLI_SMS_ALIYUN_SIGN_NAME", "it");
        for (String template : List.of("LOGIN_CODE", "HAZARD_ACCEPTED", "HAZARD_CLOSED", "REPORT_REMINDER")) {
            settings.put("ANQUANLI_SMS_ALIYUN_TEMPLATES_" + template, "SMS_0");
        }
        settings.put("ANQUANLI_DB_SCHEMA", schema);
        settings.put("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379/" + redisDb);
        settings.put("ANQUANLI_BLOBS_FILE_DIRECTORY", "target/" + schema + "-blobs");
        // The campaign seeded from configuration is open today.
        settings.put("ANQUANLI_CAMPAIGN_SEED_WINDOW_AROUND_TODAY", "true");
    }

    /** A fresh schema and Redis database for the instances to come. */
    public static PackagedService fresh(String schema, int redisDb) throws Exception {
        Db.of("jdbc:postgresql://127.0.0.1:5432/postgres").update("drop schema if exists " + schema + " cascade");
        Process flush = new ProcessBuilder("redis-cli", "-n", Integer.toString(redisDb), "flushdb")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (flush.waitFor() != 0) {
            throw new IllegalStateException("redis-cli flushdb failed");
        }
        return new PackagedService(schema, redisDb);
    }

    /** An environment variable, or a system property when {@code key} starts with {@code -D}; null removes it. */
    public PackagedService set(String key, String value) {
        if (value == null) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }
        return this;
    }

    /** Admins sign in with the Keycloak realm at {@code realmUrl} (discovery, its keys), as deployed. */
    public PackagedService adminsFrom(String realmUrl) {
        return set("-Dquarkus.oidc.auth-server-url", realmUrl).set("-Dquarkus.oidc.discovery-enabled", null)
                .set("-Dquarkus.oidc.public-key", null).set("-Dquarkus.oidc.token.issuer", null);
    }

    public Db db() {
        return db;
    }

    public Instance start(String name, int port, int managementPort) throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst().orElseThrow();
        }
        Path log = Path.of("target", "it-" + schema + "-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx256m"));
        settings.forEach((k, v) -> {
            if (k.startsWith("-D")) {
                command.add(k + "=" + v);
            }
        });
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        settings.forEach((k, v) -> {
            if (!k.startsWith("-D")) {
                env.put(k, v);
            }
        });
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
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

    public void stopAll() {
        instances.forEach(i -> i.process().destroyForcibly());
    }

    /** An access token of participant {@code id}, signed with the run's key as the SMS login would sign it. */
    public String participantToken(long id) {
        return io.smallrye.jwt.build.Jwt.issuer("https://anquanli.example/participants")
                .subject(Long.toString(id)).claim("typ", "Bearer").groups(Set.of("participant"))
                .expiresIn(3600).sign(signingKey);
    }

    /**
     * A national admin's access token as Keycloak would shape it (audience, type, realm roles), signed with the run's
     * key, which the admin tenant verifies unless the service was pointed at a real Keycloak (adminsFrom).
     */
    public String nationalAdminToken() {
        return io.smallrye.jwt.build.Jwt.issuer("https://anquanli.example/it-admins").subject("it-national")
                .audience("anquanli-api").claim("typ", "Bearer").claim("azp", "anquanli-admin-console")
                .claim("preferred_username", "it-national")
                .claim("realm_access", Map.of("roles", List.of("national-admin"))).expiresIn(600).sign(signingKey);
    }

    /**
     * A participant as the SMS login would have made one, with a complete profile in {@code regionCode}: their
     * access token.
     */
    public String participant(Instance via, String regionCode) {
        // Sealed under the run's keys, as the SMS login stores it: a real-name hazard report opens the number.
        String phone = "137" + String.format("%08d", new SecureRandom().nextInt(100_000_000));
        long id = ((Number) db().row("insert into participant (phone_hash, phone_cipher, phone_masked) "
                + "values (?, ?, ?) returning id", cipher.lookupHash("phone", phone), cipher.seal("phone", phone),
                phone.substring(0, 3) + "****" + phone.substring(7)).get("id")).longValue();
        String token = participantToken(id);
        via.api().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("displayName", "实例测试", "regionCode", regionCode, "identityType", "PUBLIC"))
                .when().put("/api/v1/me").then().statusCode(200);
        return token;
    }

    /** Answers question {@code index} of an attempt right (the key read from the database), as the app would. */
    public void answer(Instance via, String token, String attempt, int index) {
        via.api().header("Authorization", "Bearer " + token).when()
                .get("/api/v1/attempts/{id}/questions/current", attempt).then().statusCode(200);
        via.api().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("index", index, "optionIds", List.copyOf(db().correctOptionIds(attempt, index))))
                .when().post("/api/v1/attempts/{id}/answers", attempt).then().statusCode(200);
    }

    /** Plays today's challenge of the current campaign through, every answer right. */
    public void playThrough(Instance via, String token) {
        long campaign = via.api().when().get("/api/v1/campaigns/current").then().statusCode(200).extract()
                .jsonPath().getLong("id");
        io.restassured.path.json.JsonPath a = via.api().header("Authorization", "Bearer " + token).when()
                .post("/api/v1/campaigns/{id}/attempts", campaign).then().statusCode(201).extract().jsonPath();
        for (int i = 1; i <= a.getInt("questionCount"); i++) {
            answer(via, token, a.getString("id"), i);
        }
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

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
