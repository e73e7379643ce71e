package org.agencyverify.common.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The first augmentor: hands {@link VerifiedBearerTokens} each identity as quarkus-oidc built it, before ours change it. */
@ApplicationScoped
public class RememberVerifiedBearerTokens implements SecurityIdentityAugmentor {

    private final VerifiedBearerTokens tokens;

    RememberVerifiedBearerTokens(VerifiedBearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        tokens.remember(identity);
        return Uni.createFrom().item(identity);
    }
}
