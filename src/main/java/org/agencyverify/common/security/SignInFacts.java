package org.agencyverify.common.security;

import java.time.Instant;
import java.util.Set;

/**
 * How a token says its holder signed in. For a sign-in through an agency's identity provider
 * ({@code identityProvider} set), Keycloak's own {@code amr}/{@code auth_time} describe only its broker
 * session: the upstream sign-in's methods and time are {@code idpAmr}/{@code idpAuthTime}.
 */
public record SignInFacts(Set<String> amr, Instant authTime, String identityProvider, Set<String> idpAmr, Instant idpAuthTime) {

    public SignInFacts {
        amr = amr == null ? Set.of() : Set.copyOf(amr);
        idpAmr = idpAmr == null ? Set.of() : Set.copyOf(idpAmr);
        identityProvider = identityProvider == null || identityProvider.isBlank() ? null : identityProvider;
    }

    public boolean federated() {
        return identityProvider != null;
    }

    /** The methods and time of the sign-in that really authenticated the person. */
    public Set<String> effectiveAmr() {
        return federated() ? idpAmr : amr;
    }

    public Instant effectiveAuthTime() {
        return federated() ? idpAuthTime : authTime;
    }
}
