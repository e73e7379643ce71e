package org.agencyverify.common.error;

import java.util.List;

/**
 * A refusal the service decided on, with a detail a person can act on. Features throw subclasses or
 * this; {@link ProblemMappers} turns it into a problem document. No stack trace: it is not a bug.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> fieldErrors;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiException(ProblemType type, String detail, List<Problem.FieldError> fieldErrors) {
        super(detail, null, false, false);
        this.type = type;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public List<Problem.FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** Seconds for a Retry-After header, for refusals that end by waiting; null otherwise. */
    public Long retryAfterSeconds() {
        return null;
    }
}
