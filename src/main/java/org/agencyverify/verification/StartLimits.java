package org.agencyverify.verification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.agencyverify.common.ratelimit.Rate;
import org.agencyverify.common.ratelimit.RateLimiter;

/**
 * The limits of POST /v1/verifications. Before any check, every key is the caller's own: its address,
 * its portal, the requester it names. After the credentials passed, the officer's and the agency's:
 * only someone holding an officer's credentials can use those up, so no stranger can block an officer
 * or an agency.
 */
@ApplicationScoped
public class StartLimits {

    /** {@code agency-verify.rate-limits.verification-start.*}, each {@code LIMIT/WINDOW}. */
    @ConfigMapping(prefix = "agency-verify.rate-limits.verification-start")
    public interface Config {
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

        /**
         * Per sender address of emailed requests (CIBA), across every portal, before any check: each start
         * notifies a person (the officer, or the agency's contacts), who must not be flooded.
         */
        @WithDefault("30/1H")
        Rate perSender();
    }

    private final RateLimiter limiter;
    private final Config rules;

    StartLimits(RateLimiter limiter, Config rules) {
        this.limiter = limiter;
        this.rules = rules;
    }

    /**
     * Before any check of a verification start: caller IP, portal (Keycloak client), the requester at
     * that portal ({@link org.agencyverify.common.ratelimit.Requesters}) and the email that requester asks for.
     */
    public void started(String portalClientId, String requester, String email) {
        String atPortal = portalClientId + "/" + requester;
        limiter.apply(limiter.bucket("verification-start.per-ip", limiter.callerAddress(), rules.perIp()),
                limiter.bucket("verification-start.per-portal", String.valueOf(portalClientId), rules.perPortal()),
                limiter.bucket("verification-start.per-requester", atPortal, rules.perRequester()),
                limiter.bucket("verification-start.per-requester-email", atPortal + "/" + RateLimiter.normalized(email),
                        rules.perRequesterEmail()));
    }

    /** An emailed request's start, before any check: the sender address it names, whichever portal asks. */
    public void emailed(String sender) {
        limiter.apply(limiter.bucket("verification-start.per-sender", RateLimiter.normalized(sender), rules.perSender()));
    }

    /** Once the credentials passed: the officer's and the agency's own starts. */
    public void passed(UUID officerId, UUID agencyId) {
        limiter.apply(limiter.bucket("verification-start.per-officer", officerId.toString(), rules.perOfficer()),
                limiter.bucket("verification-start.per-agency", agencyId.toString(), rules.perAgency()));
    }
}
