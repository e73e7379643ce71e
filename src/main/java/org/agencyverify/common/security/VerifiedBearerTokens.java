package org.agencyverify.common.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens quarkus-oidc has verified, remembered by their exact text until they expire, so a
 * portal introspecting thousands of times a second with one access token pays its RS256 check and
 * claim parsing once, not on every call (about 150 µs of CPU each). Only the identical token matches
 * (keyed by the token itself, which the identity holds anyway: a SHA-256 of it showed in the profile),
 * and a JWT verified once stays valid until its {@code exp} anyway: nothing asks Keycloak per call.
 * Tried before quarkus-oidc's provider, it answers a known token and leaves anything else to it;
 * {@link RememberVerifiedBearerTokens} keeps what quarkus-oidc verified. Our own augmentors run again
 * on every request (the admin sign-in rule depends on the time). Default tenant bearer tokens only
 * (the approval page's sign-in is a session cookie, not this). Only valid tokens get in, so the bound
 * (a few thousand live tokens: portals and signed-in staff) is reached only by many real sign-ins.
 */
@ApplicationScoped
public class VerifiedBearerTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final int MAX_ENTRIES = 4_096;
    // quarkus-oidc's names (OidcUtils): the tenant of the request and of the identity it built.
    private static final String TENANT_ID = "tenant-id";
    private static final String DEFAULT_TENANT = "Default";
    static final String FROM_CACHE = "agency-verify.bearer-token-remembered";

    private record Verified(SecurityIdentity identity, long expiresAtSeconds) {}

    private final Map<String, Verified> byToken = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before quarkus-oidc's provider (SYSTEM_FIRST + 1): the higher is tried first. */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (!bearer(request.getToken()) || routing == null || !defaultTenant(routing.get(TENANT_ID))) {
            return Uni.createFrom().nullItem();
        }
        String token = request.getToken().getToken();
        Verified verified = byToken.get(token);
        if (verified == null) {
            return Uni.createFrom().nullItem();
        }
        if (verified.expiresAtSeconds() <= System.currentTimeMillis() / 1000) {
            byToken.remove(token, verified);
            return Uni.createFrom().nullItem();
        }
        hits.incrementAndGet();
        // The same identity, bound to this request's routing context (quarkus-oidc keeps it as an attribute).
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(verified.identity()).addAttribute(FROM_CACHE, true);
        verified.identity().getAttributes().forEach((name, value) -> {
            if (value instanceof RoutingContext) {
                builder.addAttribute(name, routing);
            }
        });
        return Uni.createFrom().item(builder.build());
    }

    /** How many requests a remembered token authenticated (tests). */
    public long hits() {
        return hits.get();
    }

    /** Keeps an identity quarkus-oidc built from a bearer token ({@link RememberVerifiedBearerTokens}). */
    void remember(SecurityIdentity identity) {
        if (identity.isAnonymous() || identity.getAttribute(FROM_CACHE) != null
                || !DEFAULT_TENANT.equals(identity.getAttribute(TENANT_ID))
                || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            return;
        }
        TokenCredential credential = identity.getCredential(TokenCredential.class);
        if (credential == null || !bearer(credential) || !credential.getToken().equals(jwt.getRawToken())) {
            return;
        }
        if (byToken.size() >= MAX_ENTRIES) {
            long now = System.currentTimeMillis() / 1000;
            byToken.values().removeIf(v -> v.expiresAtSeconds() <= now);
            if (byToken.size() >= MAX_ENTRIES) {
                byToken.clear();
            }
        }
        byToken.put(credential.getToken(), new Verified(identity, jwt.getExpirationTime()));
    }

    private static boolean bearer(TokenCredential credential) {
        return credential != null && "bearer".equals(credential.getType());
    }

    private static boolean defaultTenant(Object tenant) {
        return tenant == null || DEFAULT_TENANT.equals(tenant);
    }
}
