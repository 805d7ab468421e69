package anquanli.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * What the admin console's page needs before anyone signs in: where the browser finds Keycloak's realm (which may
 * differ from the address the service itself uses, inside a cluster) and the console's client.
 */
@Path("/console/config.json")
public class ConsoleConfigResource {

    public record ConsoleConfig(String realmUrl, String clientId) {
    }

    private final ConsoleConfig config;

    /** Without a realm (no Keycloak configured) the console says that admins cannot sign in. */
    public ConsoleConfigResource(@ConfigProperty(name = "anquanli.console.realm-url") Optional<String> realmUrl,
                                 @ConfigProperty(name = "anquanli.console.client-id") String clientId) {
        this.config = new ConsoleConfig(realmUrl.orElse(null), clientId);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ConsoleConfig get() {
        return config;
    }
}
