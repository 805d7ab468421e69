package anquanli.participant;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import io.smallrye.mutiny.Uni;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Participant access tokens already verified by this instance, so the RS256 check and JWT parsing (a third of the
 * service's CPU per answer in the benchmark profile) run once per token instead of on each of the ~17 requests of a
 * daily challenge. Only the exact token string hits; an entry lives until the token's own expiry and at most
 * {@code anquanli.auth.token-cache-ttl}; the cache holds at most {@code anquanli.auth.token-cache-size} entries
 * (when full, new tokens are simply verified every time). Access tokens cannot be revoked before they expire anyway
 * (refresh tokens can), so serving a verified token from here changes nothing about who gets in.
 * <p>
 * Filled after OIDC verified a token for the participant tenant (this augmentor); read by
 * {@link CachedTokenIdentityProvider} before OIDC is asked.
 */
@ApplicationScoped
@Unremovable
public class VerifiedTokenCache implements SecurityIdentityAugmentor {

    /** Where quarkus-oidc records the tenant: on the identity (who verified) and on the request (whose route). */
    static final String TENANT_ATTRIBUTE = "tenant-id";

    record Entry(SecurityIdentity identity, long expiresAtMillis) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxSize;
    private final long ttlMillis;

    public VerifiedTokenCache(AuthConfig config) {
        this.maxSize = config.tokenCacheSize();
        this.ttlMillis = config.tokenCacheTtl().toMillis();
    }

    /** The identity a token was verified to, if it was, and is still within its lifetime. */
    SecurityIdentity find(String token) {
        Entry e = entries.get(token);
        if (e == null) {
            return null;
        }
        if (System.currentTimeMillis() >= e.expiresAtMillis()) {
            entries.remove(token, e);
            return null;
        }
        return e.identity();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (maxSize > 0 && !identity.isAnonymous()
                && Tokens.PARTICIPANT_TENANT.equals(identity.getAttribute(TENANT_ATTRIBUTE))
                && identity.getPrincipal() instanceof JsonWebToken jwt) {
            TokenCredential credential = identity.getCredential(TokenCredential.class);
            if (credential != null && !entries.containsKey(credential.getToken()) && entries.size() < maxSize) {
                long now = System.currentTimeMillis();
                long expires = Math.min(jwt.getExpirationTime() * 1000, now + ttlMillis);
                if (expires > now) {
                    entries.put(credential.getToken(), new Entry(detached(identity), expires));
                }
            }
        }
        return Uni.createFrom().item(identity);
    }

    /**
     * The identity without what ties it to the request that verified it (quarkus-oidc keeps that request's routing
     * context among the attributes): a cached entry must not hold a finished request, its buffers and its response in
     * memory for minutes. Participants are authorised by role only, so no permission checkers are carried over.
     */
    static SecurityIdentity detached(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials());
        identity.getAttributes().forEach((name, value) -> {
            if (!(value instanceof RoutingContext) && !(value instanceof AuthenticationRequestContext)) {
                b.addAttribute(name, value);
            }
        });
        return b.build();
    }

    @Override
    public int priority() {
        // After any augmentor that changes the identity, so the cached one is complete.
        return Integer.MIN_VALUE + 1;
    }

    @Scheduled(every = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long now = System.currentTimeMillis();
        entries.values().removeIf(e -> now >= e.expiresAtMillis());
    }

    int size() {
        return entries.size();
    }
}
