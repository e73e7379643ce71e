package org.agencyverify.agency;

import java.util.UUID;

/**
 * Which agency an identity provider is linked to: asked here, answered by the federation feature (which
 * owns the links), so that this feature need not depend on it.
 */
public interface LinkedIdentityProviders {

    /** Whether the agency linked the identity provider of this alias (a token's {@code identity_provider}). */
    boolean isAgencyIdentityProvider(UUID agencyId, String alias);
}
