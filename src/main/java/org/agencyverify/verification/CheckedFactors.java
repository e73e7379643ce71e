package org.agencyverify.verification;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the project's credential-check flow (keycloak/extension) states it checked, read from the claim
 * a mapper on the service's client puts in the grant's token. A start passes only on a grant that
 * states both the password and a one-time code: "the officer has a code" is not "this sign-in used
 * one", and a client re-bound to another flow carries no statement at all. Plain Java.
 */
final class CheckedFactors {

    /** The claim, and the user-session note it is mapped from (keycloak/realm-agency-verify.json). */
    static final String CLAIM = "agency_verify_factors";

    private CheckedFactors() {}

    /** The factors a claim value names, space-separated, in order; empty for a missing claim. */
    static Set<String> stated(String claim) {
        if (claim == null || claim.isBlank()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(claim.trim().split("\\s+"))));
    }

    static boolean passwordAndCode(Set<String> factors) {
        return factors.contains("pwd") && factors.contains("otp");
    }
}
