package anquanli.participant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Participant access tokens already verified by this instance, so the RS256 check and JWT parsing (a third of the
 * service's CPU per answer in the benchmark profile) run once per token instead of on each of the ~17 requests of a
 * daily challenge. Only the exact token string hits (entries are keyed by its SHA-256); an entry lives until the
 * token's own expiry and at most {@code anquanli.auth.token-cache-ttl}; the cache holds at most
 * {@code anquanli.auth.token-cache-size} entries.
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

    /** The SHA-256 of a token: the key, instead of the token's ~600 characters. */
    record Digest(long a, long b, long c, long d) {

        private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });

        static Digest of(String token) {
            ByteBuffer h = ByteBuffer.wrap(SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
            return new Digest(h.getLong(), h.getLong(), h.getLong(), h.getLong());
        }
    }

    /**
     * What is kept of a verified token: its claims as signed (parsed once, names and the issuer shared between
     * entries), the roles and the identity's attributes. The principal is rebuilt from the claims on each hit, as
     * quarkus-oidc builds it after verifying, so an entry weighs about 0.5 KB instead of the 2–3 KB of a whole identity
     * with its token and parsed claims: at peak the cache turns over a couple of hundred entries a second, and what it
     * drops ends up in the old generation until a full collection.
     */
    record Entry(Map<String, Object> claims, Set<String> roles, Map<String, Object> attributes,
                 long expiresAtMillis) {
    }

    private final Cache<Digest, Entry> entries;
    private final int maxSize;
    private final long ttlMillis;
    /** The roles and attributes of the last entry: every participant's are the same, so entries share one copy. */
    private final AtomicReference<Set<String>> lastRoles = new AtomicReference<>(Set.of());
    private final AtomicReference<Map<String, Object>> lastAttributes = new AtomicReference<>(Map.of());

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
                .expireAfter(Expiry.<Digest, Entry>creating((digest, e) ->
                        Duration.ofMillis(Math.max(0, e.expiresAtMillis() - System.currentTimeMillis()))))
                .build();
    }

    /** The identity a token was verified to, if it was, and is still within its lifetime (tests). */
    SecurityIdentity find(String token) {
        return find(new AccessTokenCredential(token), null);
    }

    /**
     * As {@link #find(String)}, for the credential the bearer mechanism made of the request's token, and tied to that
     * request (if given).
     */
    SecurityIdentity find(AccessTokenCredential credential, RoutingContext request) {
        if (maxSize <= 0) {
            return null;
        }
        String token = credential.getToken();
        Digest key = Digest.of(token);
        Entry e = entries.getIfPresent(key);
        if (e == null) {
            return null;
        }
        // Caffeine expires on its own clock and in steps; the token's expiry is exact here.
        if (System.currentTimeMillis() >= e.expiresAtMillis()) {
            entries.asMap().remove(key, e);
            return null;
        }
        JwtClaims claims = new JwtClaims();
        e.claims().forEach(claims::setClaim);
        claims.setClaim(Claims.raw_token.name(), token);
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new OidcJwtCallerPrincipal(claims, credential))
                .addRoles(e.roles()).addCredential(credential).addAttributes(e.attributes());
        if (request != null) {
            b.addAttribute(RoutingContext.class.getName(), request);
        }
        return b.build();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (maxSize > 0 && !identity.isAnonymous()
                && Tokens.PARTICIPANT_TENANT.equals(identity.getAttribute(TENANT_ATTRIBUTE))
                && identity.getPrincipal() instanceof OidcJwtCallerPrincipal jwt
                && identity.getCredentials().size() == 1) {
            // A participant's bearer token: one access-token credential, which the cached identity gets back.
            AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
            if (credential != null) {
                remember(credential.getToken(), identity, jwt.getExpirationTime() * 1000);
            }
        }
        return Uni.createFrom().item(identity);
    }

    /**
     * Keeps a verified token until it expires (at most the configured time to live). Only the identity's roles and
     * attributes are kept from it, and its claims are read from the token's payload, exactly as they were signed.
     */
    void remember(String token, SecurityIdentity identity, long tokenExpiresAtMillis) {
        long now = System.currentTimeMillis();
        long expires = Math.min(tokenExpiresAtMillis, now + ttlMillis);
        if (maxSize <= 0 || expires <= now) {
            return;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return;
        }
        Digest key = Digest.of(token);
        if (entries.getIfPresent(key) != null) {
            return;
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Map<String, Object> claims = compact(payload);
        if (claims != null) {
            entries.put(key, new Entry(claims, shared(lastRoles, identity.getRoles(), Set::copyOf),
                    shared(lastAttributes, detached(identity), Map::copyOf), expires));
        }
    }

    /**
     * The payload's claims, with names and the issuer interned and arrays made immutable (every hit hands the same
     * values to a new principal); null (not cached) if it holds a JSON null.
     */
    private static Map<String, Object> compact(String payloadJson) {
        Map<String, Object> parsed;
        try {
            parsed = JwtClaims.parse(payloadJson).getClaimsMap();
        } catch (InvalidJwtException e) {
            return null;
        }
        Map<String, Object> kept = new HashMap<>();
        for (Map.Entry<String, Object> c : parsed.entrySet()) {
            Object value = c.getValue();
            if (value == null || value instanceof List<?> list && list.contains(null)) {
                return null;
            }
            if (value instanceof List<?> list) {
                value = List.copyOf(list);
            } else if (Claims.iss.name().equals(c.getKey()) && value instanceof String issuer) {
                value = issuer.intern();
            }
            kept.put(c.getKey().intern(), value);
        }
        return Map.copyOf(kept);
    }

    /** An immutable copy of {@code value}, or the last one made if that is equal: entries share one copy. */
    private static <T> T shared(AtomicReference<T> last, T value, UnaryOperator<T> copy) {
        T previous = last.get();
        if (previous.equals(value)) {
            return previous;
        }
        T made = copy.apply(value);
        last.set(made);
        return made;
    }

    /**
     * The identity's attributes without what ties it to the request that verified it (quarkus-oidc keeps that
     * request's routing context among them): a cached entry must not hold a finished request, its buffers and its
     * response in memory for minutes. Participants are authorised by role only, so no permission checkers are kept.
     */
    static Map<String, Object> detached(SecurityIdentity identity) {
        Map<String, Object> kept = new HashMap<>();
        identity.getAttributes().forEach((name, value) -> {
            boolean requestBound = value instanceof RoutingContext || value instanceof AuthenticationRequestContext;
            if (value != null && !requestBound) {
                kept.put(name, value);
            }
        });
        return kept;
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
