package org.agencyverify.confirmation.email;

import jakarta.json.JsonString;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

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

    /** Read from the approval tenant's ID token. */
    static SignedIn of(JsonWebToken idToken) {
        Set<String> amr = new HashSet<>();
        Object claim = idToken.getClaim("amr");
        if (claim instanceof Iterable<?> values) {
            for (Object value : values) {
                // The JWT library hands JSON arrays over as jakarta.json values.
                amr.add(value instanceof JsonString text ? text.getString() : String.valueOf(value));
            }
        }
        return new SignedIn(idToken.getSubject(), idToken.getClaim("sid"), amr);
    }
}
