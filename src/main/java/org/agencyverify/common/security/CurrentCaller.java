package org.agencyverify.common.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request; resources pass it to services, which decide what it may do. */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException();
        }
        String username = token.getClaim("preferred_username");
        String email = token.getClaim("email");
        return new Caller(token.getSubject(), username, email, identity.getRoles(), TokenClaims.string(token.getClaim(TokenClaims.IDENTITY_PROVIDER)));
    }

    /** The Keycloak client the token was issued to ({@code azp}): how a portal is recognized. */
    public String clientId() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthorizedException();
        }
        return token.getClaim("azp");
    }
}
