package org.agencyverify.verification.ciba;

/**
 * A CIBA (OpenID Connect CIBA Core 1.0, section 13) or OAuth 2.0 (RFC 6749, section 5.2) error: the
 * answer portals' client libraries parse, {@code {"error": ..., "error_description": ...}}. The
 * description is for a person and never names a library, a stack or whether anyone is enrolled.
 */
public class CibaError extends RuntimeException {

    private final int status;
    private final String error;
    private final Long retryAfterSeconds;

    public CibaError(int status, String error, String description) {
        this(status, error, description, null);
    }

    public CibaError(int status, String error, String description, Long retryAfterSeconds) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static CibaError invalidRequest(String description) {
        return new CibaError(400, "invalid_request", description);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
