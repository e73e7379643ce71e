package org.agencyverify.federation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** What other features may ask about federation (officer enrollment: does the agency sign in at home?). */
@ApplicationScoped
public class FederatedAgencies {

    public boolean hasIdentityProvider(UUID agencyId) {
        return AgencyIdentityProvider.count("agencyId", agencyId) > 0;
    }
}
