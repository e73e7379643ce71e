package org.agencyverify.agency;

import java.util.UUID;

/**
 * Which identity providers an agency linked: asked here, answered by the federation feature (which
 * owns the links), so that this feature need not depend on it.
 */
public interface LinkedIdentityProviders {

    /** Whether the agency linked any identity provider (its officers then sign in there only). */
    boolean hasIdentityProvider(UUID agencyId);

    /** Whether the agency linked the identity provider of this alias (a token's {@code identity_provider}). */
    boolean isAgencyIdentityProvider(UUID agencyId, String alias);
}
