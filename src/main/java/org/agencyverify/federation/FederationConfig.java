package org.agencyverify.federation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How agencies' identity providers are brokered (prefix {@code agency-verify.federation}). */
@ConfigMapping(prefix = "agency-verify.federation")
public interface FederationConfig {

    /** Alias of the first-broker-login flow the service keeps (links only enrolled accounts) and gives every agency IdP. */
    @WithDefault("agency-verify-first-broker-login")
    String firstBrokerLoginFlow();

    /** Alias of the post-broker-login flow the service keeps (the same rule on every later sign-in) and gives every agency IdP. */
    @WithDefault("agency-verify-post-broker-login")
    String postBrokerLoginFlow();

    /** Client scope (default for every client) that gets the identity_provider and idp_* claim mappers. */
    @WithDefault("basic")
    String claimScope();

    /** Accept http:// issuers (local development and tests only); production issuers must be https. */
    @WithDefault("false")
    boolean allowHttpIssuers();

    /** How often the flows, claims and every linked IdP's broker settings are checked and repaired (a scheduler period, or off). */
    @WithDefault("10M")
    String reconcileEvery();

    /** How often Keycloak's refusals of federated sign-ins are copied into the audit chain (a scheduler period, or off). */
    @WithDefault("1M")
    String refusalAuditEvery();
}
