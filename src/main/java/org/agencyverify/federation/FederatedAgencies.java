package org.agencyverify.federation;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.agency.LinkedIdentityProviders;

/** What other features may ask about federation (officer enrollment: does the agency sign in at home?). */
@ApplicationScoped
public class FederatedAgencies implements LinkedIdentityProviders {

    @Override
    public boolean hasIdentityProvider(UUID agencyId) {
        return AgencyIdentityProvider.count("agencyId", agencyId) > 0;
    }

    /**
     * Whether the IdP a token names ({@code identity_provider}) is one the officer's own agency linked.
     * Keycloak links an agency IdP's sign-in only to an account of that agency; the trust rule checks
     * again, on the token, all the same.
     */
    @Override
    public boolean isAgencyIdentityProvider(UUID agencyId, String alias) {
        return acceptedAcr(agencyId, alias).isPresent();
    }

    /**
     * The acr values the IdP was linked with, when it is one of the agency's IdPs (possibly none: it
     * vouches for no sign-in then); empty when it is not the agency's.
     */
    public Optional<Set<String>> acceptedAcr(UUID agencyId, String alias) {
        if (alias == null) {
            return Optional.empty();
        }
        return AgencyIdentityProvider.<AgencyIdentityProvider>find("agencyId = ?1 and alias = ?2", agencyId, alias)
                .firstResultOptional().map(AgencyIdentityProvider::acceptedAcr);
    }

    /** The aliases of the identity providers the agency linked after {@code since}. */
    public List<String> linkedSince(UUID agencyId, Instant since) {
        return AgencyIdentityProvider.<AgencyIdentityProvider>list("agencyId = ?1 and createdAt > ?2", agencyId, since).stream()
                .map(i -> i.alias).toList();
    }
}
