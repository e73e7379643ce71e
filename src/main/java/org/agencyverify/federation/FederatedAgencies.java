package org.agencyverify.federation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.agencyverify.agency.LinkedIdentityProviders;

/** What other features may ask about federation (officer enrollment: does the agency sign in at home?). */
@ApplicationScoped
public class FederatedAgencies implements LinkedIdentityProviders {

    public boolean hasIdentityProvider(UUID agencyId) {
        return AgencyIdentityProvider.count("agencyId", agencyId) > 0;
    }

    /**
     * Whether the IdP a token names ({@code identity_provider}) is one the officer's own agency linked.
     * The trust rule must check it: the first-broker-login flow links by email, whichever agency IdP
     * asserted it.
     */
    @Override
    public boolean isAgencyIdentityProvider(UUID agencyId, String alias) {
        return alias != null && AgencyIdentityProvider.count("agencyId = ?1 and alias = ?2", agencyId, alias) > 0;
    }
}
