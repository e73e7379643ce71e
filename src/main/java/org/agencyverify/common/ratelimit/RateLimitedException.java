package org.agencyverify.common.ratelimit;

import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;

/**
 * Over a rate limit: 429 too-many-requests with Retry-After. The same words for every rule, so that
 * the answer names no rule (a per-officer refusal must read like a per-email one).
 */
public class RateLimitedException extends ApiException {

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super(ProblemType.TOO_MANY_REQUESTS, "Too many requests. Wait " + retryAfterSeconds + " s (Retry-After), then retry.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
