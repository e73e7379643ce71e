package org.agencyverify.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ErrorFormat;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;

/**
 * Every error under /scim/v2, whoever raised it (our refusals, the framework's 415, the HTTP layer's 404,
 * a 503 when a server is down), in SCIM's format (RFC 7644 3.12): provisioning clients read {@code status}
 * and {@code scimType}, not RFC 9457 problems.
 */
@ApplicationScoped
public class ScimErrors implements ErrorFormat {

    static final String PATH = "/scim/v2";
    static final String MEDIA_TYPE = "application/scim+json";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    /** RFC 7644's error message: {@code status} is a string there. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScimError(List<String> schemas, String status, String scimType, String detail) {}

    @Override
    public boolean serves(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    @Override
    public Formatted format(Problem problem, ApiException refusal) {
        String scimType = refusal instanceof ScimException scim ? scim.scimType() : scimType(problem, refusal);
        return new Formatted(MEDIA_TYPE, new ScimError(List.of(ERROR_SCHEMA), Integer.toString(problem.status()), scimType,
                problem.detail()));
    }

    /** The nearest SCIM type for an error the officer feature or the framework raised. */
    private static String scimType(Problem problem, ApiException refusal) {
        if (problem.type().equals(ProblemType.MALFORMED_REQUEST.uri())) {
            return "invalidSyntax";
        }
        if (problem.type().equals(ProblemType.INVALID_REQUEST.uri())) {
            return "invalidValue";
        }
        if (problem.type().equals(ProblemType.CONFLICT.uri()) && (refusal == null || !refusal.fieldErrors().isEmpty())) {
            // A mailbox or badge number already taken, or (no refusal: a unique index decided) the same
            // user created by two requests at once.
            return "uniqueness";
        }
        return null;
    }
}
