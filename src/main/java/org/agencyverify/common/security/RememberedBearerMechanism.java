package org.agencyverify.common.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Introspection's portal authentication, without quarkus-oidc's per-request work (tenant resolution, the
 * access-token credential, the identity-provider and augmentor chain) when the bearer token is one the
 * default tenant already verified ({@link VerifiedBearerTokens}: the exact string, until min(exp, a minute)).
 * Tried before quarkus-oidc's mechanism on the introspection path only, which no other tenant's paths
 * cover; anything else (another path, no bearer token, a token not remembered, an identity with admin
 * roles, which {@link AdminRoleAugmentor} must judge on every call) is left to quarkus-oidc as before.
 * The portal's own checks (registered and active, its rate limit) run in the resource on every call.
 */
@ApplicationScoped
public class RememberedBearerMechanism implements HttpAuthenticationMechanism {

    static final String PATH = "/v1/tokens/introspect";
    private static final String SCHEME = "Bearer ";

    private final VerifiedBearerTokens tokens;
    private final LongAdder hits = new LongAdder();

    RememberedBearerMechanism(VerifiedBearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().item(recognize(context));
    }

    private SecurityIdentity recognize(RoutingContext context) {
        if (!PATH.equals(context.normalizedPath())) {
            return null;
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        SecurityIdentity identity = tokens.recognize(header.substring(SCHEME.length()), context);
        if (identity == null || !Collections.disjoint(identity.getRoles(), AdminSignInRule.ADMIN_ROLES)) {
            return null;
        }
        hits.increment();
        return identity;
    }

    /** How many requests this mechanism authenticated (tests). */
    public long hits() {
        return hits.sum();
    }

    /** No challenge of its own: quarkus-oidc's, next in line, answers for the bearer scheme. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }

    /** Before quarkus-oidc's mechanism ({@code quarkus.oidc.priority}, about the default 1000). */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }
}
