package org.agencyverify.federation;

import java.util.UUID;

final class FederationTestSupport {

    private FederationTestSupport() {}

    static String path(UUID agencyId) {
        return "/v1/agencies/" + agencyId + "/identity-providers";
    }
}
