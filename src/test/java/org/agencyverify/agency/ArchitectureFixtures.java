package org.agencyverify.agency;

import org.agencyverify.verification.VerificationState;

/** Test-only classes that break the feature order on purpose, for ArchitectureTest to catch. */
public final class ArchitectureFixtures {

    private ArchitectureFixtures() {}

    /** agency reaching up to verification. */
    public static final class CallsUp {
        boolean waiting(VerificationState state) {
            return state == VerificationState.PENDING_CONFIRMATION;
        }

        String ownRow(Agency agency) {
            return agency.name;
        }
    }
}
