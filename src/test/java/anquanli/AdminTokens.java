package anquanli;

import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Admin access tokens shaped like Keycloak's (realm roles, region_code claim), signed with the test realm key. */
public final class AdminTokens {

    private AdminTokens() {
    }

    public static String national() {
        return token("nation", List.of("national-admin"), null);
    }

    public static String region(String regionCode) {
        return token("admin-" + regionCode, List.of("region-admin"), regionCode);
    }

    public static String token(String username, List<String> roles, String regionCode) {
        String issuer = ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        Map<String, Object> realmAccess = new HashMap<>();
        realmAccess.put("roles", roles);
        var builder = Jwt.issuer(issuer)
                .subject(username + "-id")
                .claim("preferred_username", username)
                .claim("realm_access", realmAccess)
                .claim("azp", "anquanli-admin-console")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(600));
        if (regionCode != null) {
            builder.claim("region_code", regionCode);
        }
        return builder.jws().keyId(OidcProviderResource.KEY_ID).sign(privateKey());
    }

    private static PrivateKey privateKey() {
        try {
            String pem = Files.readString(Path.of("src/test/resources/oidc-test-keys/admin-signing-private.pem"))
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
