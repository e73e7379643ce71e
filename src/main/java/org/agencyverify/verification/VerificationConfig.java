package org.agencyverify.verification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Set;

/** Settings of the verification flow (prefix {@code agency-verify.verification}). */
@ConfigMapping(prefix = "agency-verify.verification")
public interface VerificationConfig {

    /** Every refusal of checks 1-3 takes at least this long from the start of the request. */
    @WithDefault("1S")
    Duration refusalFloor();

    /** How often a portal may poll one verification. */
    @WithDefault("5S")
    Duration pollInterval();

    /** How long an Idempotency-Key and its answer are kept. */
    @WithDefault("24H")
    Duration idempotencyTtl();

    /**
     * The realm client whose direct grant checks password + OTP: the service's own confidential client,
     * whose direct-grant flow never reaches Keycloak's brute-force lockout (keycloak/realm-agency-verify.json).
     */
    @WithDefault("agency-verify-credential-check")
    String directGrantClientId();

    /** Its secret (per deployment, never in git; outside dev and test the service does not start without it). */
    java.util.Optional<String> directGrantClientSecret();

    /**
     * The realm clients allowed to produce officer tokens: a token of any other client ({@code azp}) is
     * refused, even a genuine, fresh one for this API.
     */
    @WithDefault("agency-verify-cli")
    Set<String> officerTokenClients();

    /** How long to wait for Keycloak's token endpoint before answering 503. */
    @WithDefault("5S")
    Duration keycloakTimeout();

    /** How often verifications past their deadline are expired (read by the scheduler). */
    @WithDefault("1M")
    String expirySweepEvery();

    /** SUBPOENA, COURT_ORDER, SEARCH_WARRANT, PRESERVATION. */
    Tier standard();

    /** EMERGENCY. */
    Tier emergency();

    interface Tier {
        /** Accepted credential kinds: PASSWORD_OTP, TOKEN. */
        Set<CredentialKind> acceptedKinds();

        /** How old a token's auth_time may be. */
        Duration maxAuthAge();

        /** amr values that make a direct sign-in strong enough. */
        Set<String> strongAmr();

        /**
         * acr values that make a sign-in at the agency's IdP strong enough, besides being one the IdP was linked
         * with (empty: any of those, except EMERGENCY).
         */
        java.util.Optional<Set<String>> federatedAcr();

        /** Methods of which a sign-in at the agency's IdP ({@code idp_amr}) must name one (empty: none demanded). */
        java.util.Optional<Set<String>> federatedAmr();

        /** The lowest contact level that may confirm. */
        ContactLevel contactLevel();

        /** How long the contacts have to confirm. */
        Duration deadline();
    }
}
