package org.agencyverify.risk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Risk signals, the policy's thresholds and the credential-failure limits (prefix {@code agency-verify.risk}). */
@ConfigMapping(prefix = "agency-verify.risk")
public interface RiskConfig {

    /** Window of the velocity signal. */
    @WithDefault("1H")
    Duration velocityWindow();

    /** officer-velocity when the officer already started this many verifications in the window. */
    @WithDefault("10")
    int velocityMax();

    /** Window of the emergency-spread signal. */
    @WithDefault("1H")
    Duration emergencyWindow();

    /** emergency-to-many-portals when this EMERGENCY request makes this many distinct portals in the window. */
    @WithDefault("3")
    int emergencyPortals();

    /** recent-contact-change / recent-idp-change while a change is pending or was made this recently (0S: off). */
    @WithDefault("72H")
    Duration changeWindow();

    /** How long a compromise report stands against its agency and its mailbox. */
    @WithDefault("30D")
    Duration compromiseWindow();

    /** How far back portals' refusals of the officer's tokens count. */
    @WithDefault("30D")
    Duration portalRefusalWindow();

    /** This many refusals by portals deny; fewer ask for more confirmation. */
    @WithDefault("3")
    int portalRefusalsDenyAt();

    /** This many findings that each ask for more confirmation deny instead. */
    @WithDefault("3")
    int findingsDenyAt();

    /** IPv4 prefix length that makes one network for the new-network signal. */
    @WithDefault("24")
    int ipv4Prefix();

    /** IPv6 prefix length that makes one network. */
    @WithDefault("48")
    int ipv6Prefix();

    /** Failed checks, per officer and per source. */
    CredentialFailures credentialFailures();

    interface CredentialFailures {
        /** Window over which failures are counted. */
        @WithDefault("1H")
        Duration window();

        /**
         * credential-failures (more confirmation) once the officer had this many failed checks in the window.
         * Only failures a stranger cannot produce count (the right password with a wrong code, the officer's
         * own genuine token refused); everything else counts per portal and requester only.
         */
        @WithDefault("5")
        int officerThreshold();

        /** A source (portal and requester) with this many refused starts in the window (any email) is blocked. */
        @WithDefault("20")
        int sourceThreshold();

        /** A source (portal and requester) with this many refused starts for one email in the window is blocked for that email. */
        @WithDefault("3")
        int sourceEmailThreshold();

        /**
         * A portal with this many failed password checks for one email in the window is asked no more for that
         * email until the window ends (Keycloak is not asked; token starts go on), except from a requester at
         * which the officer's credentials passed before: a portal that names a new requester address for every
         * request gets this many password guesses per officer per window, no more.
         */
        @WithDefault("10")
        int portalEmailThreshold();

        /** How long a requester at which an officer's credentials passed stays known to that officer's limits. */
        @WithDefault("30D")
        Duration knownRequesterFor();

        /** How long a blocked source gets only the uniform refusal, Keycloak never asked. */
        @WithDefault("15M")
        Duration sourceBlock();

        /**
         * Consecutive failed checks that suspend the officer pending the agency (NIST SP 800-63B: at most 100);
         * the same failures as the finding counts, so no stranger can suspend an officer.
         */
        @WithDefault("100")
        int maxConsecutive();
    }
}
