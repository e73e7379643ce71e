package org.agencyverify.verification;

import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;

/** Polled sooner than the interval allows: 429 slow-down with Retry-After. */
public class SlowDownException extends ApiException {

    private final long retryAfterSeconds;

    public SlowDownException(long retryAfterSeconds) {
        super(ProblemType.SLOW_DOWN, "Polled too soon. Wait " + retryAfterSeconds + " s (Retry-After) before polling again.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
