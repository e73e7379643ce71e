package org.agencyverify.confirmation.email;

import java.util.Set;

/**
 * Who is signed in to the approval page, from the ID token of the approval tenant.
 *
 * @param subject   the Keycloak user id ({@code sub})
 * @param sessionId the Keycloak session ({@code sid}), which the CSRF token is bound to
 * @param amr       how they signed in
 */
public record SignedIn(String subject, String sessionId, Set<String> amr) {

    public SignedIn {
        amr = amr == null ? Set.of() : Set.copyOf(amr);
    }
}
