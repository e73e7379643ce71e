package org.agencyverify.verification;

import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.error.RetryLaterException;

/** Polled sooner than the interval allows: 429 slow-down with Retry-After. */
public class SlowDownException extends RetryLaterException {

    public SlowDownException(long retryAfterSeconds) {
        super(ProblemType.SLOW_DOWN, "Polled too soon. Wait " + retryAfterSeconds + " s (Retry-After) before polling again.",
                retryAfterSeconds);
    }
}
