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

    /**
     * Before any check, every key is the caller's own: its address, its portal, the requester it names.
     * After the credentials passed, the officer's and the agency's: only someone holding an officer's
     * credentials can use those up, so no stranger can block an officer or an agency.
     */
    interface VerificationStart {
        /** Per caller IP (the portal's egress address), before any check. */
        @WithDefault("120/1M")
        Rate perIp();

        /** Per calling portal (Keycloak client), before any check: the portal's whole capacity. */
        @WithDefault("300/1M")
        Rate perPortal();

        /** Per portal and requester (the address the portal names, else its connection), before any check. */
        @WithDefault("60/1M")
        Rate perRequester();

        /**
         * Per portal, requester and requester email (lower-cased), before any check: slows one requester's
         * guessing of one officer's credentials without touching anyone else's.
         */
        @WithDefault("10/15M")
        Rate perRequesterEmail();

        /** Per officer, counting only starts whose credentials passed. */
        @WithDefault("20/1H")
        Rate perOfficer();

        /** Per agency, counting only starts whose credentials passed. */
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
