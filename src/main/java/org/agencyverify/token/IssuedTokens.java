package org.agencyverify.token;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Which trust tokens were issued, for the features that may ask but not read the tokens themselves. */
@ApplicationScoped
public class IssuedTokens {

    /** Whether the portal was ever issued a trust token for the officer, live or not. */
    public boolean anyFor(UUID officerId, UUID portalId) {
        return TrustToken.count("officerId = ?1 and portalId = ?2", officerId, portalId) != 0;
    }
}
