package anquanli;

import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Admin access tokens shaped like Keycloak's for this realm (src/main/keycloak/anquanli-realm.json): issued to the
 * admin console (azp), addressed to the API by the console's audience mapper (aud), typ Bearer, realm roles and the
 * region_code claim; signed with the test realm key.
 */
public final class AdminTokens {

    public static final Path PRIVATE_KEY = Path.of("src/test/resources/oidc-test-keys/admin-signing-private.pem");
    public static final Path PUBLIC_KEY = Path.of("src/test/resources/oidc-test-keys/admin-signing-public.pem");
    /** The API's client id, which the console's audience mapper puts in aud. */
    public static final String AUDIENCE = "anquanli-api";

    private AdminTokens() {
    }

    public static String national() {
        return token("nation", List.of("national-admin"), null);
    }

    public static String region(String regionCode) {
        return token("admin-" + regionCode, List.of("region-admin"), regionCode);
    }

    public static String token(String username, List<String> roles, String regionCode) {
        return sign(claims(username, roles, regionCode));
    }

    public static String issuer() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    /** The claims of a Keycloak access token for this user, valid for ten minutes from now; a copy to change. */
    public static Map<String, Object> claims(String username, List<String> roles, String regionCode) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("exp", now + 600);
        c.put("iat", now);
        c.put("jti", UUID.randomUUID().toString());
        c.put("iss", issuer());
        c.put("aud", AUDIENCE);
        c.put("sub", username + "-id");
        c.put("typ", "Bearer");
        c.put("azp", "anquanli-admin-console");
        c.put("realm_access", Map.of("roles", roles));
        c.put("scope", "openid profile email");
        c.put("preferred_username", username);
        if (regionCode != null) {
            c.put("region_code", regionCode);
        }
        return c;
    }

    /** RS256 with the realm's key, named by its kid as Keycloak does. */
    public static String sign(Map<String, Object> claims) {
        return Jwts.rs256(Jwts.header("RS256", OidcProviderResource.KEY_ID), claims, privateKey());
    }

    public static PrivateKey privateKey() {
        return Jwts.privateKey(PRIVATE_KEY);
    }
}
