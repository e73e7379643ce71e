package org.agencyverify.common.ratelimit;

import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.error.RetryLaterException;

/**
 * Over a rate limit: 429 too-many-requests with Retry-After. The same words for every rule, so that
 * the answer names no rule (a per-officer refusal must read like a per-email one).
 */
public class RateLimitedException extends RetryLaterException {

    public RateLimitedException(long retryAfterSeconds) {
        super(ProblemType.TOO_MANY_REQUESTS, "Too many requests. Wait " + retryAfterSeconds + " s (Retry-After), then retry.",
                retryAfterSeconds);
    }
}
