package org.agencyverify.confirmation.email;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.agencyverify.common.crypto.FormTokens;
import org.agencyverify.common.crypto.SecretsConfig;

/**
 * The approval form's CSRF token: an HMAC of the Keycloak session, the user and the confirmation
 * ({@link FormTokens}).
 */
@ApplicationScoped
public class ApprovalCsrf {

    private static final String LABEL = "agency-verify approval csrf v1";
    private final FormTokens tokens;

    ApprovalCsrf(SecretsConfig secrets) {
        this.tokens = new FormTokens(secrets, LABEL);
    }

    public String token(SignedIn who, UUID confirmationId) {
        return tokens.token(who.subject(), who.sessionId(), String.valueOf(confirmationId));
    }

    public boolean matches(SignedIn who, UUID confirmationId, String presented) {
        return tokens.matches(presented, who.subject(), who.sessionId(), String.valueOf(confirmationId));
    }
}
