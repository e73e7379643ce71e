package org.agencyverify.federation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A linked identity provider as operators see it: never its client secret. */
public record IdentityProviderView(UUID agencyId, String alias, String issuer, String clientId, String domain,
        String syncMode, List<String> acceptedAcr, Instant createdAt) {

    static IdentityProviderView of(AgencyIdentityProvider idp) {
        return new IdentityProviderView(idp.agencyId, idp.alias, idp.issuer, idp.clientId, idp.domain, idp.syncMode,
                List.copyOf(idp.acceptedAcr()), idp.createdAt);
    }
}
