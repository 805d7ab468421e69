package anquanli.participant;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import io.smallrye.mutiny.Uni;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;

/**
 * Participant access tokens already verified by this instance, so the RS256 check and JWT parsing (a third of the
 * service's CPU per answer in the benchmark profile) run once per token instead of on each of the ~17 requests of a
 * daily challenge. Only the exact token string hits; an entry lives until the token's own expiry and at most
 * {@code anquanli.auth.token-cache-ttl}; the cache holds at most {@code anquanli.auth.token-cache-size} entries.
 * When it is full, the entries least likely to be asked for again give way (Caffeine's size eviction), so the tokens
 * of people playing now stay. It used to stop remembering new tokens once full: at peak that turned every request of
 * every new player into a full verification until old entries expired (benchmark: service CPU per answer 0.25 →
 * 0.37 ms, answers 2,900 → 2,400/s). Access tokens cannot be revoked before they expire anyway (refresh tokens can),
 * so serving a verified token from here changes nothing about who gets in.
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

    private final Cache<String, Entry> entries;
    private final int maxSize;
    private final long ttlMillis;

    @Inject
    public VerifiedTokenCache(AuthConfig config) {
        this(config.tokenCacheSize(), config.tokenCacheTtl());
    }

    VerifiedTokenCache(int maxSize, Duration ttl) {
        this.maxSize = maxSize;
        this.ttlMillis = ttl.toMillis();
        // Maintenance (eviction, expiry) runs on the calling thread, in small amortised steps: no pool thread wakes
        // up for it on a two-core machine.
        this.entries = Caffeine.newBuilder().maximumSize(Math.max(maxSize, 0)).executor(Runnable::run)
                .expireAfter(Expiry.<String, Entry>creating((token, e) ->
                        Duration.ofMillis(Math.max(0, e.expiresAtMillis() - System.currentTimeMillis()))))
                .build();
    }

    /** The identity a token was verified to, if it was, and is still within its lifetime. */
    SecurityIdentity find(String token) {
        Entry e = entries.getIfPresent(token);
        if (e == null) {
            return null;
        }
        // Caffeine expires on its own clock and in steps; the token's expiry is exact here.
        if (System.currentTimeMillis() >= e.expiresAtMillis()) {
            entries.asMap().remove(token, e);
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
            if (credential != null) {
                remember(credential.getToken(), identity, jwt.getExpirationTime() * 1000);
            }
        }
        return Uni.createFrom().item(identity);
    }

    /** Keeps a verified token's identity until the token expires (at most the configured time to live). */
    void remember(String token, SecurityIdentity identity, long tokenExpiresAtMillis) {
        long now = System.currentTimeMillis();
        long expires = Math.min(tokenExpiresAtMillis, now + ttlMillis);
        if (maxSize > 0 && expires > now && entries.getIfPresent(token) == null) {
            entries.put(token, new Entry(detached(identity), expires));
        }
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

    /** Entries held, after pending evictions and expiries (tests). */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
