package org.agencyverify.common.error;

/** A refusal that ends by waiting: its problem carries Retry-After with these seconds. */
public class RetryLaterException extends ApiException {

    private final long retryAfterSeconds;

    public RetryLaterException(ProblemType type, String detail, long retryAfterSeconds) {
        super(type, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
