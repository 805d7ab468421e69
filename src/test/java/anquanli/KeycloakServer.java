package anquanli;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Keycloak with the project's realm, for the tests that run after the jar is built: started through
 * {@code src/main/keycloak/keycloak.sh} (the distribution from Maven Central, cached), on free ports and an in-memory
 * database, so each run starts from the realm file. The realm's console client allows no password grant, so tests
 * get their tokens through a client of their own ({@link #TEST_CLIENT}), created here through the admin API and never
 * part of the realm file.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "anquanli";
    public static final String TEST_CLIENT = "anquanli-tests";

    private final Process process;
    private final int port;
    private final Path log;
    private final String adminPassword = UUID.randomUUID().toString();
    private String testClientSecret;
    private String adminToken;
    private long adminTokenUntil;

    private KeycloakServer(int port, int managementPort, Path log) throws IOException {
        this.port = port;
        this.log = log;
        ProcessBuilder pb = new ProcessBuilder("src/main/keycloak/keycloak.sh", "--db=dev-mem")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KEYCLOAK_PORT", Integer.toString(port));
        pb.environment().put("KEYCLOAK_MANAGEMENT_PORT", Integer.toString(managementPort));
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        this.process = pb.start();
    }

    /** Starts Keycloak and waits until the realm answers (the first run also fetches the distribution). */
    public static KeycloakServer start() throws Exception {
        KeycloakServer kc = new KeycloakServer(freePort(), freePort(), Path.of("target", "keycloak.log"));
        long until = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < until) {
            if (!kc.process.isAlive()) {
                throw new IllegalStateException("Keycloak exited: " + Files.readString(kc.log));
            }
            if (kc.answers("/realms/" + REALM + "/.well-known/openid-configuration")) {
                kc.createTestClient();
                return kc;
            }
            Thread.sleep(500);
        }
        kc.close();
        throw new IllegalStateException("Keycloak not up: " + Files.readString(kc.log));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String realmUrl() {
        return url() + "/realms/" + REALM;
    }

    /** The token endpoint's answer to a form (a grant): a test reads the tokens or the error from it. */
    public Response token(Map<String, String> form) {
        return RestAssured.given().contentType(ContentType.URLENC).formParams(form)
                .when().post(realmUrl() + "/protocol/openid-connect/token");
    }

    /** Tokens of a realm user, through the test client (password grant). */
    public Response userTokens(String username, String password) {
        return token(Map.of("grant_type", "password", "client_id", TEST_CLIENT, "client_secret", testClientSecret,
                "username", username, "password", password, "scope", "openid"));
    }

    /** A realm user of the tests' own with a realm role, a region (null for none) and a password for good. */
    public void createUser(String username, String role, String regionCode, String password) {
        Map<String, Object> user = new java.util.HashMap<>(Map.of("username", username, "enabled", true,
                "emailVerified", true, "firstName", username, "lastName", "Test", "email", username + "@anquanli.example",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
        if (regionCode != null) {
            user.put("attributes", Map.of("region_code", List.of(regionCode)));
        }
        String location = admin().contentType(ContentType.JSON).body(user).when()
                .post("/admin/realms/" + REALM + "/users").then().statusCode(201).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        Map<String, Object> roleRep = admin().when().get("/admin/realms/" + REALM + "/roles/{role}", role).then()
                .statusCode(200).extract().jsonPath().getMap("");
        admin().contentType(ContentType.JSON).body(List.of(roleRep)).when()
                .post("/admin/realms/" + REALM + "/users/{id}/role-mappings/realm", id).then().statusCode(204);
    }

    /** Sets a user's password for good (no change required at the next sign-in). */
    public void setPassword(String username, String password) {
        String id = admin().queryParam("username", username).queryParam("exact", true)
                .when().get("/admin/realms/" + REALM + "/users").then().statusCode(200)
                .extract().path("[0].id");
        admin().contentType(ContentType.JSON).body(Map.of("type", "password", "value", password, "temporary", false))
                .when().put("/admin/realms/" + REALM + "/users/{id}/reset-password", id).then().statusCode(204);
        admin().contentType(ContentType.JSON).body(Map.of("requiredActions", List.of()))
                .when().put("/admin/realms/" + REALM + "/users/{id}", id).then().statusCode(204);
    }

    /**
     * Lets the console's page at {@code origin} call Keycloak's token endpoint from the browser (CORS): the realm
     * file allows the dev address; a deployment lists its console's address, as the tests list theirs.
     */
    public void allowConsoleOrigin(String origin) {
        String id = admin().queryParam("clientId", "anquanli-admin-console").when()
                .get("/admin/realms/" + REALM + "/clients").then().statusCode(200).extract().path("[0].id");
        Map<String, Object> client = admin().when().get("/admin/realms/" + REALM + "/clients/{id}", id).then()
                .statusCode(200).extract().jsonPath().getMap("");
        List<Object> origins = new java.util.ArrayList<>((List<?>) client.get("webOrigins"));
        origins.add(origin);
        client.put("webOrigins", origins);
        admin().contentType(ContentType.JSON).body(client).when()
                .put("/admin/realms/" + REALM + "/clients/{id}", id).then().statusCode(204);
    }

    /**
     * A confidential client with password grants and the same claims as the console's (the API's audience, the
     * admin's region); tokens of the realm's other clients lack the audience and are refused by the service.
     */
    private void createTestClient() {
        testClientSecret = UUID.randomUUID().toString();
        Map<String, Object> regionCode = Map.of("name", "region_code", "protocol", "openid-connect",
                "protocolMapper", "oidc-usermodel-attribute-mapper", "config", Map.of("user.attribute", "region_code",
                        "claim.name", "region_code", "jsonType.label", "String", "access.token.claim", "true",
                        "id.token.claim", "true"));
        Map<String, Object> audience = Map.of("name", "anquanli-api audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.client.audience", "anquanli-api",
                        "access.token.claim", "true", "id.token.claim", "false"));
        admin().contentType(ContentType.JSON).body(Map.of("clientId", TEST_CLIENT, "enabled", true,
                        "publicClient", false, "secret", testClientSecret, "standardFlowEnabled", false,
                        "directAccessGrantsEnabled", true, "protocolMappers", List.of(regionCode, audience)))
                .when().post("/admin/realms/" + REALM + "/clients").then().statusCode(201);
    }

    /**
     * A request as the master realm's administrator. Its token lives 60 s; one is fetched when none is held or it is
     * about to run out, not for every call.
     */
    private io.restassured.specification.RequestSpecification admin() {
        if (adminToken == null || System.currentTimeMillis() > adminTokenUntil) {
            adminToken = fetchAdminToken();
            adminTokenUntil = System.currentTimeMillis() + 30_000;
        }
        return RestAssured.given().baseUri(url()).header("Authorization", "Bearer " + adminToken);
    }

    private String fetchAdminToken() {
        return RestAssured.given().contentType(ContentType.URLENC)
                .formParams(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", adminPassword))
                .when().post(url() + "/realms/master/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
    }

    private boolean answers(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + path).toURL().openConnection();
            c.setConnectTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
