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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens quarkus-oidc has verified, remembered by the SHA-256 of their exact bytes until they
 * expire, so a portal introspecting thousands of times a second with one access token pays its RS256
 * check and claim parsing once, not on every call (about 200 µs of CPU each). Only a byte-identical
 * token can match, and a JWT verified once stays valid until its {@code exp} anyway: nothing checks it
 * with Keycloak per call. Tried before quarkus-oidc's provider, it answers a known token and leaves
 * anything else to it; {@link RememberVerifiedBearerTokens} keeps what quarkus-oidc verified. Our own
 * augmentors run again on every request (the admin sign-in rule depends on the time). Default tenant
 * bearer tokens only (the approval page's sign-in is a session cookie, not this).
 */
@ApplicationScoped
public class VerifiedBearerTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final int MAX_ENTRIES = 10_000;
    // quarkus-oidc's names (OidcUtils): the tenant of the request and of the identity it built.
    private static final String TENANT_ID = "tenant-id";
    private static final String DEFAULT_TENANT = "Default";
    static final String FROM_CACHE = "agency-verify.bearer-token-remembered";

    private record Verified(SecurityIdentity identity, long expiresAtSeconds) {}

    private final Map<String, Verified> byHash = new ConcurrentHashMap<>();
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
        String hash = hash(request.getToken().getToken());
        Verified verified = byHash.get(hash);
        if (verified == null) {
            return Uni.createFrom().nullItem();
        }
        if (verified.expiresAtSeconds() <= System.currentTimeMillis() / 1000) {
            byHash.remove(hash, verified);
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
        if (byHash.size() >= MAX_ENTRIES) {
            long now = System.currentTimeMillis() / 1000;
            byHash.values().removeIf(v -> v.expiresAtSeconds() <= now);
            if (byHash.size() >= MAX_ENTRIES) {
                byHash.clear();
            }
        }
        byHash.put(hash(credential.getToken()), new Verified(identity, jwt.getExpirationTime()));
    }

    private static boolean bearer(TokenCredential credential) {
        return credential != null && "bearer".equals(credential.getType());
    }

    private static boolean defaultTenant(Object tenant) {
        return tenant == null || DEFAULT_TENANT.equals(tenant);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
