package anquanli.common;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to run in production with the secrets that ship in the repository for dev and test.
 */
@ApplicationScoped
public class ProductionGuard {

    private static final String DEV_PHONE_KEY = "cqzGiVTAmaqW3bbF0Yf24JeadmFFfOQ7EAufJA2s2d8=";

    /** The repository's dev public key (base64 body), which production must not accept tokens for. */
    private static String devPublicKey() {
        try (var in = ProductionGuard.class.getClassLoader().getResourceAsStream("dev-keys/jwt-public.pem")) {
            return in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void check(@Observes @jakarta.annotation.Priority(1) StartupEvent event,
               @ConfigProperty(name = "anquanli.crypto.phone-encryption-key") String phoneKey,
               @ConfigProperty(name = "smallrye.jwt.sign.key.location") String signKey,
               @ConfigProperty(name = "quarkus.oidc.participant.public-key") String participantKey) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        if (DEV_PHONE_KEY.equals(phoneKey.trim()) || signKey.startsWith("dev-keys/")
                || participantKey.replaceAll("\\s", "").equals(devPublicKey())) {
            throw new IllegalStateException("Production needs its own keys: set ANQUANLI_CRYPTO_PHONE_ENCRYPTION_KEY, "
                    + "ANQUANLI_CRYPTO_PHONE_HASH_KEY, SMALLRYE_JWT_SIGN_KEY_LOCATION and QUARKUS_OIDC_PARTICIPANT_PUBLIC_KEY");
        }
    }
}
