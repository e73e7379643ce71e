package org.agencyverify.verification;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks on a token whose signature, issuer, audience and expiry were already verified: that it
 * is the officer's, fresh, from the officer's own agency's IdP when it names one, and strong enough.
 * Answers the reason for the audit log, or empty when the token passes.
 */
public final class TokenRules {

    /** What the rules read from a verified token. */
    public record Facts(String subject, Instant authTime, String acr, Set<String> amr, String identityProvider) {
        public Facts {
            amr = amr == null ? Set.of() : Set.copyOf(amr);
        }
    }

    /** Clock skew tolerated for an auth_time slightly in the future. */
    static final Duration SKEW = Duration.ofSeconds(30);

    private TokenRules() {}

    public static Optional<String> check(Facts token, String officerUserId, Predicate<String> isAgencyIdentityProvider,
            PurposePolicy policy, Instant now) {
        if (officerUserId == null || !officerUserId.equals(token.subject())) {
            return Optional.of("token-subject-mismatch");
        }
        boolean federated = token.identityProvider() != null && !token.identityProvider().isBlank();
        if (federated && !isAgencyIdentityProvider.test(token.identityProvider())) {
            return Optional.of("token-foreign-identity-provider");
        }
        if (token.authTime() == null) {
            return Optional.of("token-without-auth-time");
        }
        if (token.authTime().isAfter(now.plus(SKEW)) || token.authTime().isBefore(now.minus(policy.maxAuthAge()))) {
            return Optional.of("token-auth-time-stale");
        }
        if (!policy.strongEnough(token.amr(), token.acr(), federated)) {
            return Optional.of("token-authentication-too-weak");
        }
        return Optional.empty();
    }
}
