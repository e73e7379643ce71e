package org.agencyverify.federation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How agencies' identity providers are brokered (prefix {@code agency-verify.federation}). */
@ConfigMapping(prefix = "agency-verify.federation")
public interface FederationConfig {

    /** Alias of the first-broker-login flow the service creates (once) and gives every agency IdP. */
    @WithDefault("agency-verify-first-broker-login")
    String firstBrokerLoginFlow();

    /** Client scope (default for every client) that gets the {@code identity_provider} claim mapper. */
    @WithDefault("basic")
    String claimScope();

    /** Accept http:// issuers (local development and tests only); production issuers must be https. */
    @WithDefault("false")
    boolean allowHttpIssuers();
}
