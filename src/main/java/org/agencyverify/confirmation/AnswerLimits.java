package org.agencyverify.confirmation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.agencyverify.common.ratelimit.Rate;
import org.agencyverify.common.ratelimit.RateLimiter;

/** The limits of POST /v1/confirmations/{id}: an agency system's answer, before its signature is checked. */
@ApplicationScoped
public class AnswerLimits {

    /** {@code agency-verify.rate-limits.confirmation.*}, each {@code LIMIT/WINDOW}. */
    @ConfigMapping(prefix = "agency-verify.rate-limits.confirmation")
    public interface Config {
        /** Per caller IP (the agency system's address). */
        @WithDefault("120/1M")
        Rate perIp();

        /** Per confirmation id: an answer is taken once, so many attempts are guessing or a broken client. */
        @WithDefault("10/15M")
        Rate perConfirmation();
    }

    private final RateLimiter limiter;
    private final Config rules;

    AnswerLimits(RateLimiter limiter, Config rules) {
        this.limiter = limiter;
        this.rules = rules;
    }

    public void answered(UUID confirmationId) {
        limiter.apply(limiter.bucket("confirmation.per-ip", limiter.callerAddress(), rules.perIp()),
                limiter.bucket("confirmation.per-confirmation", confirmationId.toString(), rules.perConfirmation()));
    }
}
