package org.agencyverify.provisioning;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.agencyverify.common.error.ProblemType;

/** The agency whose SCIM credential authenticated the current request ({@link ScimAuthentication} sets it). */
@RequestScoped
class ScimClient {

    private UUID agencyId;

    void authenticated(UUID agencyId) {
        this.agencyId = agencyId;
    }

    UUID agencyId() {
        if (agencyId == null) {
            throw new ScimException(ProblemType.UNAUTHORIZED, null, ScimAuthentication.DETAIL);
        }
        return agencyId;
    }
}
