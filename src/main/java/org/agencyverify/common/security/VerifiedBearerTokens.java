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
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens quarkus-oidc has verified, remembered by their exact text until they expire, so a
 * portal introspecting thousands of times a second with one access token pays its RS256 check and
 * claim parsing once, not on every call (about 150 µs of CPU each). Only the identical token matches
 * (keyed by the token itself, which the identity holds anyway: a SHA-256 of it showed in the profile),
 * and a JWT verified once stays valid until its {@code exp} anyway: nothing asks Keycloak per call. It is
 * verified again after {@link #MAX_AGE_SECONDS} all the same, which bounds how long a signing key that
 * quarkus-oidc stopped trusting still counts here.
 * Tried before quarkus-oidc's provider, it answers a known token and leaves anything else to it;
 * {@link RememberVerifiedBearerTokens} keeps what quarkus-oidc verified. Our own augmentors run again
 * on every request (the admin sign-in rule depends on the time); on the introspection path,
 * {@link RememberedBearerMechanism} answers a portal's token before quarkus-oidc runs at all. Default tenant bearer tokens only
 * (the approval page's sign-in is a session cookie, not this). Only valid tokens get in, so the bound
 * (a few thousand live tokens: portals and signed-in staff) is reached only by many real sign-ins.
 */
@ApplicationScoped
public class VerifiedBearerTokens implements IdentityProvider<TokenAuthenticationRequest> {

    public static final int MAX_ENTRIES = 4_096;
    /**
     * A token is verified again at least this often, whatever its {@code exp}: the longest a key Keycloak
     * rotated out (and quarkus-oidc no longer holds) may still vouch for a remembered token.
     */
    public static final long MAX_AGE_SECONDS = 60;
    // quarkus-oidc's names (OidcUtils): the tenant of the request and of the identity it built.
    private static final String TENANT_ID = "tenant-id";
    private static final String DEFAULT_TENANT = "Default";
    static final String FROM_CACHE = "agency-verify.bearer-token-remembered";

    private record Verified(SecurityIdentity identity, long expiresAtSeconds) {}

    private final Map<String, Verified> byToken = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();

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
        return Uni.createFrom().item(recognize(request.getToken().getToken(), routing));
    }

    /**
     * The identity quarkus-oidc's default tenant built for exactly this token, bound to this request, while it
     * is remembered and not expired; otherwise null (the caller leaves the token to quarkus-oidc).
     */
    SecurityIdentity recognize(String token, RoutingContext routing) {
        Verified verified = byToken.get(token);
        if (verified == null) {
            return null;
        }
        if (verified.expiresAtSeconds() <= System.currentTimeMillis() / 1000) {
            byToken.remove(token, verified);
            return null;
        }
        hits.increment();
        // The same identity, bound to this request's routing context (quarkus-oidc keeps it as an attribute).
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(verified.identity()).addAttribute(FROM_CACHE, true);
        verified.identity().getAttributes().forEach((name, value) -> {
            if (value instanceof RoutingContext) {
                builder.addAttribute(name, routing);
            }
        });
        return builder.build();
    }

    /** Until when (epoch seconds) a token is remembered, or -1 (tests: the maximum age). */
    long expiresAt(String token) {
        Verified verified = byToken.get(token);
        return verified == null ? -1 : verified.expiresAtSeconds();
    }

    /** How many tokens are remembered (tests: the bound). */
    public int size() {
        return byToken.size();
    }

    /** How many requests a remembered token authenticated (tests). */
    public long hits() {
        return hits.sum();
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
        long bound = System.currentTimeMillis() / 1000 + MAX_AGE_SECONDS;
        byToken.put(credential.getToken(), new Verified(identity, Math.min(jwt.getExpirationTime(), bound)));
    }

    private static boolean bearer(TokenCredential credential) {
        return credential != null && "bearer".equals(credential.getType());
    }

    private static boolean defaultTenant(Object tenant) {
        return tenant == null || DEFAULT_TENANT.equals(tenant);
    }
}
