package org.agencyverify.provisioning;

import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;

/** A refusal on /scim/v2 with SCIM's {@code scimType} (RFC 7644 3.12), e.g. invalidFilter, uniqueness, mutability. */
public class ScimException extends ApiException {

    private final String scimType;

    public ScimException(ProblemType type, String scimType, String detail) {
        super(type, detail);
        this.scimType = scimType;
    }

    static ScimException invalidValue(String detail) {
        return new ScimException(ProblemType.INVALID_REQUEST, "invalidValue", detail);
    }

    static ScimException invalidSyntax(String detail) {
        return new ScimException(ProblemType.MALFORMED_REQUEST, "invalidSyntax", detail);
    }

    static ScimException mutability(String detail) {
        return new ScimException(ProblemType.INVALID_REQUEST, "mutability", detail);
    }

    /** Null when the error has no SCIM type (401, 404, 503, ...). */
    public String scimType() {
        return scimType;
    }
}
