package org.agencyverify.verification;

import java.time.Duration;
import java.util.Set;
import org.agencyverify.common.purpose.Purpose;

/**
 * What a purpose demands of the requester's authentication and of the agency's confirmation.
 *
 * @param credentialKinds  which kinds of credentials are accepted at all
 * @param maxAuthAge       how old a token's {@code auth_time} may be
 * @param strongAmr        a direct sign-in is strong enough when its {@code amr} names one of these (e.g. hwk, webauthn, otp)
 * @param federatedAcr     a sign-in at the agency's own IdP (whose acr must also be one the IdP was linked with) is
 *                         strong enough only with one of these acr values; empty means any, except for EMERGENCY (none)
 * @param federatedAmr     methods of which the agency's sign-in ({@code idp_amr}) must name one; empty demands none
 * @param contactLevel     the lowest level of contact that may confirm
 * @param deadline         how long the contacts have to confirm
 */
public record PurposePolicy(Purpose purpose, Set<CredentialKind> credentialKinds, Duration maxAuthAge,
        Set<String> strongAmr, Set<String> federatedAcr, Set<String> federatedAmr, ContactLevel contactLevel, Duration deadline) {

    public PurposePolicy {
        credentialKinds = Set.copyOf(credentialKinds);
        strongAmr = Set.copyOf(strongAmr);
        federatedAcr = Set.copyOf(federatedAcr);
        federatedAmr = Set.copyOf(federatedAmr);
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

    /** Whether a direct sign-in at Keycloak is strong enough: its amr names a listed method. */
    public boolean strongDirect(Set<String> amr) {
        return amr.stream().anyMatch(strongAmr::contains);
    }

    /**
     * Whether the agency's own sign-in, already of an acr its IdP was linked with, is strong enough for
     * this purpose: its acr is one the tier lists (any when none are listed, except for emergencies, which
     * never take "any acr": the config must name the phishing-resistant ones), and its amr names a method
     * the tier demands, when it demands any.
     */
    public boolean strongFederated(String acr, Set<String> amr) {
        boolean acrListed = federatedAcr.isEmpty() ? purpose != Purpose.EMERGENCY : acr != null && federatedAcr.contains(acr);
        return acrListed && (federatedAmr.isEmpty() || amr.stream().anyMatch(federatedAmr::contains));
    }
}
