package anquanli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Stands in for Keycloak in tests (there is no Docker engine for a real one, and quarkus-test-oidc-server is not in
 * the registry): serves the realm's discovery document, its signing keys and, as Keycloak does, an introspection
 * endpoint, which answers a bearer-only client that cannot authenticate with 401 invalid_client. Admin tokens signed
 * by {@link AdminTokens} go through the same verification as Keycloak's. Tests may publish other keys (a rotation)
 * and count the requests the service made.
 */
public class OidcProviderResource implements QuarkusTestResourceLifecycleManager {

    public static final String KEY_ID = "anquanli-test-key";
    public static final String REALM_PATH = "/realms/anquanli";
    public static final String JWKS_PATH = REALM_PATH + "/protocol/openid-connect/certs";
    public static final String INTROSPECTION_PATH = REALM_PATH + "/protocol/openid-connect/token/introspect";

    /** The running stand-in (one per application start). */
    private static volatile WireMockServer current;

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        current = server;
        String realm = "http://127.0.0.1:" + server.port() + REALM_PATH;
        server.stubFor(get(urlEqualTo(REALM_PATH + "/.well-known/openid-configuration")).willReturn(json("""
                {"issuer":"%1$s","jwks_uri":"%1$s/protocol/openid-connect/certs",
                 "token_endpoint":"%1$s/protocol/openid-connect/token",
                 "introspection_endpoint":"%1$s/protocol/openid-connect/token/introspect",
                 "userinfo_endpoint":"%1$s/protocol/openid-connect/userinfo",
                 "authorization_endpoint":"%1$s/protocol/openid-connect/auth",
                 "id_token_signing_alg_values_supported":["RS256"]}""".formatted(realm))));
        server.stubFor(post(urlPathEqualTo(INTROSPECTION_PATH)).willReturn(json(
                "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client or Invalid client credentials\"}")
                .withStatus(401)));
        publishKeys(Map.of(KEY_ID, (RSAPublicKey) Jwts.publicKey(AdminTokens.PUBLIC_KEY)));
        return Map.of("quarkus.oidc.auth-server-url", realm);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Serves these keys (kid to key, in order) as the realm's JWKS from now on. */
    public static void publishKeys(Map<String, RSAPublicKey> keys) {
        String jwks = new LinkedHashMap<>(keys).entrySet().stream()
                .map(k -> """
                        {"kid":"%s","kty":"RSA","alg":"RS256","use":"sig","n":"%s","e":"%s"}"""
                        .formatted(k.getKey(), b64(k.getValue().getModulus()), b64(k.getValue().getPublicExponent())))
                .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
        current.stubFor(get(urlEqualTo(JWKS_PATH)).willReturn(json(jwks)));
    }

    /** The realm's own key again. */
    public static void restoreKeys() {
        publishKeys(Map.of(KEY_ID, (RSAPublicKey) Jwts.publicKey(AdminTokens.PUBLIC_KEY)));
    }

    /** Requests the service made to this path since the last {@link #forgetRequests()}. */
    public static int requests(String path) {
        return current.countRequestsMatching(anyRequestedFor(urlPathEqualTo(path)).build()).getCount();
    }

    public static void forgetRequests() {
        current.resetRequests();
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String b64(BigInteger v) {
        byte[] bytes = v.toByteArray();
        if (bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
