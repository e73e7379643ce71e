package org.agencyverify.token;

import org.agencyverify.agency.Agency;

/** Test-only classes that break the entity rule on purpose, for ArchitectureTest to catch. */
public final class ArchitectureFixtures {

    private ArchitectureFixtures() {}

    /** token reading agency's row instead of asking AgencyDirectory. */
    public static final class ReadsAgencyRow {
        String name(Agency agency) {
            return agency.name;
        }
    }
}
