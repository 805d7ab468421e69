package anquanli.common;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The headers every response of the public port carries, whoever wrote it (a resource, a problem, the CORS filter's
 * preflight answer, the router's 404), set in this one place:
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer}
 *       (OWASP REST Security Cheat Sheet): no browser guesses a type, frames a page or leaks a URL.</li>
 *   <li>{@code Strict-Transport-Security} when the request came over TLS ({@link #strictTransportSecurity}).</li>
 *   <li>{@code Cache-Control: no-store} unless the resource declared its own: every answer is personal (profiles,
 *       tokens, attempts, claims, tracking, admin lists and exports) unless its resource says it is public and how
 *       long it may be kept ({@code @ResponseHeader(name = "Cache-Control", value = "public, max-age=…")} on the
 *       boards, the campaign and the regions). A new endpoint that says nothing is never cached on the way.</li>
 * </ul>
 */
@ApplicationScoped
public class ResponseHeaders {

    /** One year: browsers keep to HTTPS for the service's host; no includeSubDomains, the domain is not ours alone. */
    static final String HSTS = "max-age=31536000";
    static final String NO_STORE = "no-store";
    /** Above the CORS filter (300), so that its preflight answers and refusals carry the headers too. */
    private static final int PRIORITY = 400;

    private final ClientAddress clients;
    private final String pagePolicy;

    public ResponseHeaders(ClientAddress clients,
                           @ConfigProperty(name = "anquanli.console.realm-url") Optional<String> realmUrl) {
        this.clients = clients;
        this.pagePolicy = pagePolicy(realmUrl.map(ResponseHeaders::origin).orElse(null));
    }

    /**
     * The service's own pages (/console, /play) run only their own scripts and talk only to the service and, for the
     * console's sign-in, to Keycloak's origin: an injected script could neither load nor send data anywhere else.
     * ECharts sets inline styles on what it draws, hence 'unsafe-inline' for styles only.
     */
    static String pagePolicy(String keycloakOrigin) {
        String keycloak = keycloakOrigin == null ? "" : " " + keycloakOrigin;
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                + "connect-src 'self'" + keycloak + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    }

    private static String origin(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getScheme() == null || u.getHost() == null ? null
                    : u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    void register(@Observes Filters filters) {
        filters.register(this::apply, PRIORITY);
    }

    private void apply(RoutingContext rc) {
        rc.addHeadersEndHandler(ignored -> {
            MultiMap h = rc.response().headers();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "no-referrer");
            String hsts = strictTransportSecurity(clients.scheme(rc.request()));
            if (hsts != null) {
                h.set("Strict-Transport-Security", hsts);
            }
            if (!h.contains("Cache-Control")) {
                h.set("Cache-Control", NO_STORE);
            }
            String path = rc.normalizedPath();
            if (path.startsWith("/console") || path.startsWith("/play")) {
                h.set("Content-Security-Policy", pagePolicy);
            }
        });
        rc.next();
    }

    /**
     * The HSTS header for a request that came in with {@code scheme}, or null: browsers ignore it over plain HTTP
     * (RFC 6797 §8.1), and sending it there would only mislead. The scheme is the request's as the HTTP layer resolved
     * it: {@code https} for a TLS connection, or behind a trusted proxy the {@code X-Forwarded-Proto} it forwarded
     * (quarkus.http.proxy.*).
     */
    static String strictTransportSecurity(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? HSTS : null;
    }
}
