package org.agencyverify.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem details document, with the request id and the fields that were wrong. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "Stable identifier of the kind of problem", example = "urn:agency-verify:problem:not-found")
        String type,
        @Schema(description = "Short summary of the kind of problem") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "What went wrong with this request and what to do about it") String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "Id of the request, also in the X-Request-Id header and the service's logs")
        String requestId,
        @Schema(description = "The request fields that were invalid") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, String detail, String instance, String requestId, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, requestId, errors);
    }

    /** One invalid request field. */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "Path of the field in the request, e.g. body.email") String field,
            @Schema(description = "What the field must be") String message) {}
}
