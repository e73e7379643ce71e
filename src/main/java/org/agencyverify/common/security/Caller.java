package org.agencyverify.common.security;

import java.util.Set;

/**
 * The authenticated party of a request, as its Keycloak token says. {@code identityProvider} names the
 * agency identity provider the person signed in through, if any.
 */
public record Caller(String subject, String username, String email, Set<String> roles, String identityProvider) {

    public Caller {
        roles = Set.copyOf(roles);
        identityProvider = identityProvider == null || identityProvider.isBlank() ? null : identityProvider;
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** How the audit trail names this caller: by its strongest role, then its Keycloak subject. */
    public Actor actor() {
        for (String role : new String[] {Roles.OPERATOR, Roles.AGENCY_ADMIN, Roles.PORTAL, Roles.CONTACT, Roles.OFFICER}) {
            if (has(role)) {
                return new Actor(role, subject);
            }
        }
        return new Actor("user", subject);
    }
}
