package anquanli.participant;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asked before quarkus-oidc: a participant token this instance has verified before yields the same identity again
 * (see {@link VerifiedTokenCache}); anything else — unknown tokens, admin (Keycloak) routes — returns nothing, and
 * OIDC verifies as usual.
 */
@ApplicationScoped
@Unremovable
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final VerifiedTokenCache cache;

    public CachedTokenIdentityProvider(VerifiedTokenCache cache) {
        this.cache = cache;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        // Providers run highest first; quarkus-oidc's has the default, 1001.
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        // Only where OIDC resolved the participant tenant (@Tenant on the resource): a participant token presented
        // to an admin route still goes to OIDC, and is refused there.
        if (rc == null || !Tokens.PARTICIPANT_TENANT.equals(rc.get(VerifiedTokenCache.TENANT_ATTRIBUTE))) {
            return Uni.createFrom().nullItem();
        }
        // The same identity, tied to this request rather than to the one that verified the token.
        // The bearer mechanism's credential is reused: making another would decode the token again.
        AccessTokenCredential credential = request.getToken() instanceof AccessTokenCredential c ? c
                : new AccessTokenCredential(request.getToken().getToken());
        return Uni.createFrom().item(cache.find(credential, rc));
    }
}
