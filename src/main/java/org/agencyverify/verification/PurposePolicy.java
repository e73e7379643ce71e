package org.agencyverify.verification;

import java.time.Duration;
import java.util.Set;

/**
 * What a purpose demands of the requester's authentication and of the agency's confirmation.
 *
 * @param credentialKinds  which kinds of credentials are accepted at all
 * @param maxAuthAge       how old a token's {@code auth_time} may be
 * @param strongAmr        a token is strong enough when its {@code amr} names one of these (e.g. hwk, webauthn, otp)
 * @param federatedAcr     a sign-in through the agency's own IdP is strong enough when its {@code acr} is one of
 *                         these; empty means any acr of a linked IdP is accepted, except for EMERGENCY (none)
 * @param contactLevel     the lowest level of contact that may confirm
 * @param deadline         how long the contacts have to confirm
 */
public record PurposePolicy(Purpose purpose, Set<CredentialKind> credentialKinds, Duration maxAuthAge,
        Set<String> strongAmr, Set<String> federatedAcr, ContactLevel contactLevel, Duration deadline) {

    public PurposePolicy {
        credentialKinds = Set.copyOf(credentialKinds);
        strongAmr = Set.copyOf(strongAmr);
        federatedAcr = Set.copyOf(federatedAcr);
        if (maxAuthAge.isNegative() || deadline.isZero() || deadline.isNegative()) {
            throw new IllegalArgumentException("policy for " + purpose + " needs a positive deadline and auth age");
        }
    }

    public boolean accepts(CredentialKind kind) {
        return credentialKinds.contains(kind);
    }

    /** How many distinct contacts must approve, given the agency's own setting for emergencies. */
    public int approvers(int agencyEmergencyApprovers) {
        return purpose == Purpose.EMERGENCY ? Math.max(1, Math.min(2, agencyEmergencyApprovers)) : 1;
    }

    /**
     * Whether a token's authentication is strong enough: a linked-IdP sign-in whose acr is listed (or
     * any, when the list is empty), or a direct sign-in whose amr names a listed method.
     */
    public boolean strongEnough(Set<String> amr, String acr, boolean viaAgencyIdentityProvider) {
        if (viaAgencyIdentityProvider) {
            if (federatedAcr.isEmpty()) {
                // Emergencies never take "any acr": the config must name the phishing-resistant ones.
                return purpose != Purpose.EMERGENCY;
            }
            return acr != null && federatedAcr.contains(acr);
        }
        return amr.stream().anyMatch(strongAmr::contains);
    }
}
