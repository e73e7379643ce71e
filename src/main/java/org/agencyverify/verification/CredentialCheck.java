package org.agencyverify.verification;

import io.quarkus.logging.Log;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import org.agencyverify.common.error.Causes;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.common.security.TokenClaims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Asks Keycloak whether the credentials are the officer's. A refusal comes back as a reason (for the
 * audit log only); an unreachable Keycloak throws {@link DependencyUnavailableException}. Never logs
 * a password, an OTP or a token.
 */
@ApplicationScoped
public class CredentialCheck {

    /**
     * What Keycloak vouched for, or why it did not. {@code client} is the token's {@code azp};
     * {@code upstream}, what the agency's IdP said of its own sign-in (the {@code idp_*} claims).
     */
    public record Result(String refusal, String subject, String acr, Set<String> amr, Instant authTime, String identityProvider,
            String client, TokenRules.Upstream upstream) {
        static Result refused(String reason) {
            return new Result(reason, null, null, Set.of(), null, null, null, null);
        }

        public boolean passed() {
            return refusal == null;
        }

        public TokenRules.Facts facts() {
            return new TokenRules.Facts(subject, authTime, acr, amr, identityProvider, client, upstream);
        }

        /** The acr that was judged: the agency's for a sign-in at its IdP, Keycloak's otherwise. */
        public String provedAcr() {
            return facts().federated() ? facts().upstream().acr() : acr;
        }

        /** The amr that was judged: the agency's for a sign-in at its IdP, Keycloak's otherwise. */
        public Set<String> provedAmr() {
            return facts().provedAmr();
        }
    }

    private final TenantIdentityProvider tokens;
    private final VerificationConfig config;
    private final DirectGrant directGrant;

    CredentialCheck(TenantIdentityProvider tokens, VerificationConfig config, DirectGrant directGrant) {
        this.tokens = tokens;
        this.config = config;
        this.directGrant = directGrant;
    }

    /** Keycloak took the password but not the one-time code: someone holds the officer's password. */
    public static final String SECOND_FACTOR_FAILED = "keycloak-second-factor-failed";

    /**
     * Password and OTP through the direct grant of the service's own confidential client (see
     * {@link DirectGrant}). The answer's {@code sub} must then be the officer's user (checked by the caller).
     */
    public Result passwordAndOtp(String username, String password, String otp) {
        return directGrant.check(username, password, otp);
    }

    /** A Keycloak access token: signature against the realm's JWKS, issuer, audience and expiry by quarkus-oidc. */
    public Result token(String token) {
        SecurityIdentity identity;
        try {
            identity = tokens.authenticate(new AccessTokenCredential(token)).await().atMost(config.keycloakTimeout());
        } catch (RuntimeException e) {
            if (Causes.isUnavailableDependency(e)) {
                Log.warnf("Keycloak keys: unreachable (%s)", e.getClass().getSimpleName());
                throw new DependencyUnavailableException("Keycloak", e);
            }
            return Result.refused("token-invalid");
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Result.refused("token-invalid");
        }
        TokenRules.Upstream upstream = new TokenRules.Upstream(TokenClaims.instant(jwt.getClaim(TokenClaims.IDP_AUTH_TIME)),
                TokenClaims.string(jwt.getClaim(TokenClaims.IDP_ACR)), TokenClaims.strings(jwt.getClaim(TokenClaims.IDP_AMR)));
        return new Result(null, jwt.getSubject(), TokenClaims.string(jwt.getClaim("acr")), TokenClaims.strings(jwt.getClaim("amr")),
                TokenClaims.instant(jwt.getClaim("auth_time")), TokenClaims.string(jwt.getClaim(TokenClaims.IDENTITY_PROVIDER)),
                TokenClaims.string(jwt.getClaim("azp")), upstream);
    }
}
