package org.agencyverify.confirmation.email;

import java.util.Set;
import org.agencyverify.common.security.TokenClaims;
import org.agencyverify.verification.TokenRules;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is signed in to the approval pages, from the ID token of the approval tenant.
 *
 * @param sessionId the Keycloak session ({@code sid}), which the CSRF token is bound to
 * @param signIn    the user ({@code sub}) and how they signed in: Keycloak's own steps ({@code amr},
 *                  {@code auth_time}) or, through an agency's IdP, the agency's sign-in ({@code idp_*})
 */
public record SignedIn(String sessionId, TokenRules.Facts signIn) {

    /** The Keycloak user id ({@code sub}). */
    public String subject() {
        return signIn.subject();
    }

    /** Keycloak's own steps; empty for a sign-in through an agency's IdP, which contacts cannot use. */
    public Set<String> amr() {
        return signIn.amr();
    }

    /** Read from the approval tenant's ID token. */
    static SignedIn of(JsonWebToken idToken) {
        TokenRules.Upstream upstream = new TokenRules.Upstream(TokenClaims.instant(idToken.getClaim(TokenClaims.IDP_AUTH_TIME)),
                TokenClaims.string(idToken.getClaim(TokenClaims.IDP_ACR)), TokenClaims.strings(idToken.getClaim(TokenClaims.IDP_AMR)));
        return new SignedIn(idToken.getClaim("sid"), new TokenRules.Facts(idToken.getSubject(),
                TokenClaims.instant(idToken.getClaim("auth_time")), TokenClaims.string(idToken.getClaim("acr")),
                TokenClaims.strings(idToken.getClaim("amr")), TokenClaims.string(idToken.getClaim(TokenClaims.IDENTITY_PROVIDER)),
                TokenClaims.string(idToken.getClaim("azp")), upstream));
    }
}
