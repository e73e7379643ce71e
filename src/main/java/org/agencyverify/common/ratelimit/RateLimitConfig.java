package org.agencyverify.common.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Sliding-window limits ({@code LIMIT/WINDOW}, see {@link Rate}), shared by every replica through
 * Redis. A request over any rule of its endpoint gets a 429 with Retry-After.
 */
@ConfigMapping(prefix = "agency-verify.rate-limits")
public interface RateLimitConfig {

    /** POST /v1/verifications. */
    VerificationStart verificationStart();

    /** POST /v1/confirmations/{id}. */
    Confirmation confirmation();

    /** POST /v1/tokens/introspect: the hot path of portals, so the limit is high. */
    Introspection introspection();

    /** POST /v1/tokens/revoke. */
    Revocation revocation();

    /** The operator and agency-admin API (agencies, domains, officers, contacts, portals, keys). */
    Admin admin();

    interface VerificationStart {
        /** Per caller IP (the portal's egress address), before any check. */
        @WithDefault("120/1M")
        Rate perIp();

        /** Per calling portal (Keycloak client), before any check. */
        @WithDefault("300/1M")
        Rate perPortal();

        /** Per requester email (lower-cased), before any check: slows guessing of one officer's credentials. */
        @WithDefault("10/15M")
        Rate perEmail();

        /**
         * Per officer once the email was looked up; an email that is no officer is counted under itself
         * with the same limit, so a 429 says nothing about whether the officer exists.
         */
        @WithDefault("20/1H")
        Rate perOfficer();

        /** Per agency once the domain was looked up; an unknown domain is counted under itself, likewise. */
        @WithDefault("500/1H")
        Rate perAgency();
    }

    interface Confirmation {
        /** Per caller IP (the agency system's address). */
        @WithDefault("120/1M")
        Rate perIp();

        /** Per confirmation id: an answer is taken once, so many attempts are guessing or a broken client. */
        @WithDefault("10/15M")
        Rate perConfirmation();
    }

    interface Introspection {
        /** Per calling portal. */
        @WithDefault("3000/1S")
        Rate perPortal();
    }

    interface Revocation {
        /** Per calling portal. */
        @WithDefault("300/1M")
        Rate perPortal();
    }

    interface Admin {
        /** Per authenticated caller (Keycloak subject). */
        @WithDefault("300/1M")
        Rate perCaller();
    }
}
