package org.agencyverify.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.agencyverify.common.crypto.StoredSecretsReadinessCheck;
import org.agencyverify.common.crypto.UnreadableSecretException;
import org.agencyverify.common.request.RequestId;
import org.agencyverify.common.security.StepUpChallenge;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become RFC 9457 problems. Library messages and exception types
 * never reach the client: each case answers a detail written here.
 */
public class ProblemMappers {

    static final String CONCURRENT_DUPLICATE = "Another request made the same thing at the same moment, and it was kept;"
            + " nothing of this request was stored. Read the current state before retrying.";

    private final StepUpChallenge stepUp;
    private final List<ErrorFormat> formats;

    ProblemMappers(StepUpChallenge stepUp, @All List<ErrorFormat> formats) {
        this.stepUp = stepUp;
        this.formats = formats;
    }

    @ServerExceptionMapper
    public Response refused(ApiException e, UriInfo uri) {
        Response.ResponseBuilder response = problem(e.type(), e.detail(), uri, e.fieldErrors(), e);
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        if (e.type() == ProblemType.UNAUTHORIZED) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }

    /** Quarkus raises these when a token is missing, expired, forged or for another audience. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return problem(ProblemType.UNAUTHORIZED, ProblemType.UNAUTHORIZED.defaultDetail(), uri, List.of())
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    /** A 403, unless a fresh sign-in with a second factor would let the caller in (RFC 9470 step-up). */
    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
        return stepUp.forRefusal(resource)
                .map(challenge -> problem(ProblemType.INSUFFICIENT_USER_AUTHENTICATION,
                        ProblemType.INSUFFICIENT_USER_AUTHENTICATION.defaultDetail(), uri, List.of())
                        .header("WWW-Authenticate", challenge).build())
                .orElseGet(() -> respond(ProblemType.FORBIDDEN, ProblemType.FORBIDDEN.defaultDetail(), uri, List.of()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String fields = errors.stream().map(Problem.FieldError::field).distinct().collect(Collectors.joining(", "));
        return respond(ProblemType.INVALID_REQUEST, "Invalid fields: " + fields + ". See errors for what each must be.", uri, errors);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return malformed(e, uri);
    }

    /** Declared apart from its parent type because Quarkus ships a mapper for exactly this one. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        JsonProcessingException json = Causes.find(e, JsonProcessingException.class);
        if (json != null) {
            return malformed(json, uri);
        }
        ProblemType type = ProblemType.forStatus(e.getResponse().getStatus());
        String detail = type == ProblemType.UNSUPPORTED_MEDIA_TYPE
                ? RequestMediaTypes.unsupportedDetail(uri.getPath())
                : type.defaultDetail();
        Response.ResponseBuilder response = problem(type, detail, uri, List.of());
        copyHeader(e, response, "Allow");
        copyHeader(e, response, "WWW-Authenticate");
        copyHeader(e, response, "Retry-After");
        return response.build();
    }

    /**
     * The request body could not be read: the client went away mid-body, or streamed more than the
     * limit (Quarkus has then already answered 413 and closed the connection). Not a bug of ours.
     */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e, UriInfo uri) {
        Log.debugf("Request body of %s could not be read (%s)", uri.getPath(), e.getClass().getSimpleName());
        return respond(ProblemType.MALFORMED_REQUEST, "The request body could not be read completely.", uri, List.of());
    }

    /** A stored value sealed under another key-encryption key: the operators' to fix, never a 500. */
    @ServerExceptionMapper
    public Response unreadableSecret(UnreadableSecretException e, UriInfo uri) {
        Log.errorf("A stored %s does not open under the configured key-encryption key(s) while handling %s: see the"
                + " readiness check %s", e.kind(), uri.getPath(), StoredSecretsReadinessCheck.NAME);
        return problem(ProblemType.STORED_SECRET_UNREADABLE, ProblemType.STORED_SECRET_UNREADABLE.defaultDetail(), uri, List.of())
                .header("Retry-After", "30")
                .build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        UnreadableSecretException unreadable = Causes.find(e, UnreadableSecretException.class);
        if (unreadable != null) {
            return unreadableSecret(unreadable, uri);
        }
        if (Causes.isUnavailableDependency(e)) {
            Log.warnf("Dependency unavailable while handling %s: %s", uri.getPath(), Causes.summary(e));
            return problem(ProblemType.SERVICE_UNAVAILABLE, ProblemType.SERVICE_UNAVAILABLE.defaultDetail(), uri, List.of())
                    .header("Retry-After", "5")
                    .build();
        }
        if (Causes.isUniqueViolation(e)) {
            // A race the service's checks cannot see (both requests found nothing yet); the loser's
            // transaction rolled back. Logged without the database's message: it quotes the values.
            Log.warnf("Concurrent duplicate refused by a unique index while handling %s: %s", uri.getPath(), Causes.summary(e));
            return respond(ProblemType.CONFLICT, CONCURRENT_DUPLICATE, uri, List.of());
        }
        Log.errorf(e, "Unhandled error while handling %s", uri.getPath());
        return respond(ProblemType.INTERNAL_ERROR, ProblemType.INTERNAL_ERROR.defaultDetail(), uri, List.of());
    }

    private Response malformed(JsonProcessingException e, UriInfo uri) {
        String detail = ProblemType.MALFORMED_REQUEST.defaultDetail();
        List<Problem.FieldError> errors = List.of();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping.getPath());
            detail = "The field " + field + " has the wrong type or format. Check it against the API description.";
            errors = List.of(new Problem.FieldError(field, "wrong type or format"));
        }
        return respond(ProblemType.MALFORMED_REQUEST, detail, uri, errors);
    }

    private Response respond(ProblemType type, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        return problem(type, detail, uri, errors).build();
    }

    private Response.ResponseBuilder problem(ProblemType type, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        return problem(type, detail, uri, errors, null);
    }

    private Response.ResponseBuilder problem(ProblemType type, String detail, UriInfo uri, List<Problem.FieldError> errors,
            ApiException refusal) {
        String path = "/" + uri.getPath().replaceFirst("^/", "");
        Problem body = Problem.of(type, detail, path, RequestId.current(), errors);
        for (ErrorFormat format : formats) {
            if (format.serves(path)) {
                ErrorFormat.Formatted formatted = format.format(body, refusal);
                return Response.status(type.status()).type(formatted.mediaType()).entity(formatted.body());
            }
        }
        return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(body);
    }

    private static void copyHeader(WebApplicationException e, Response.ResponseBuilder response, String name) {
        Object value = e.getResponse().getHeaders().getFirst(name);
        if (value != null) {
            response.header(name, value);
        }
    }

    /** "body.email" rather than "start.request.email": the method and parameter are ours, not the client's. */
    static String fieldName(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            names.add(node.getIndex() != null ? node.getName() + "[" + node.getIndex() + "]" : node.getName());
        }
        return names.isEmpty() ? String.valueOf(parameter) : String.join(".", names);
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
