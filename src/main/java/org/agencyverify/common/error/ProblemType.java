package org.agencyverify.common.error;

/**
 * Every kind of error the service answers, each with a stable {@code type} URI (RFC 9457). Clients
 * branch on {@link #uri()}; titles are for people and may be reworded, the URIs never change.
 */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", "Malformed request", 400,
            "The request body is not valid JSON or does not have the expected shape. Check it against the API description."),
    INVALID_REQUEST("invalid-request", "Invalid request", 400,
            "Some request fields are invalid; see errors."),
    UNAUTHORIZED("unauthorized", "Authentication required", 401,
            "Send a valid bearer token issued by the service's Keycloak realm."),
    INSUFFICIENT_USER_AUTHENTICATION("insufficient-user-authentication", "Stronger or more recent sign-in needed", 401,
            "This call needs a recent sign-in with a second factor (a one-time code or a security key). Sign in again, then"
            + " retry with the new token; WWW-Authenticate says how recent (max_age, RFC 9470)."),
    FORBIDDEN("forbidden", "Not allowed", 403,
            "Your credentials do not allow this operation."),
    NOT_FOUND("not-found", "Not found", 404,
            "Nothing is served at this path. Check the URL against the API description at /q/openapi."),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405,
            "This path does not accept that HTTP method. Check the API description at /q/openapi."),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406,
            "This resource answers application/json (the JWKS application/jwk-set+json, the token status list"
            + " application/statuslist+jwt); accept it in the Accept header."),
    CONFLICT("conflict", "Conflict", 409,
            "The request conflicts with the current state of the resource."),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", 413,
            "The request body is larger than this API accepts. Send only the fields the API describes."),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415,
            "Send the request body in the media type this endpoint takes: application/json, except the OAuth endpoints"
            + " (/v1/tokens/introspect, /v1/tokens/revoke, /v1/ciba/*), which take application/x-www-form-urlencoded."
            + " The API description at /q/openapi names each."),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests", 429,
            "Too many requests. Wait for the number of seconds in Retry-After, then retry."),
    INTERNAL_ERROR("internal-error", "Internal error", 500,
            "The service failed to handle this request. Retry later; if it persists, give the operators the request id."),
    SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", 503,
            "A server this service depends on is unavailable, so nothing was decided or issued. Retry later."),
    STORED_SECRET_UNREADABLE("stored-secret-unreadable", "Stored secret unreadable", 503,
            "A secret the service stores (a signing key, a contact's webhook secret, ...) does not open under its configured"
            + " key-encryption key, so nothing was decided or issued. Operators: see the readiness check stored-secrets."),
    VERIFICATION_REFUSED("verification-refused", "Verification refused", 403,
            "The requester could not be verified as an enrolled officer of a vetted agency. Nothing was started."),
    SLOW_DOWN("slow-down", "Slow down", 429,
            "This verification was polled too soon. Wait for the number of seconds in Retry-After, then poll again."),
    INVALID_DPOP_PROOF("invalid-dpop-proof", "Invalid DPoP proof", 400,
            "The DPoP header is not a valid proof (RFC 9449) for this request: a fresh dpop+jwt signed by the key in its jwk"
            + " header, with a new jti, this method and URL, and an iat within a minute. Nothing was started."),
    CONFIRMATION_SIGNATURE_INVALID("confirmation-signature-invalid", "Confirmation not authenticated", 401,
            "The decision was not signed with the credential registered for this contact, its webhook-timestamp is more"
            + " than a few minutes off, its webhook-id was used before, or its secret does not match the request. Nothing"
            + " was decided."),
    CONFIRMATION_CLOSED("confirmation-closed", "Confirmation closed", 409,
            "This confirmation no longer takes a decision: it was answered already, or the verification was decided or"
            + " expired. Nothing was changed."),
    REPORT_SIGNATURE_INVALID("report-signature-invalid", "Report not authenticated", 401,
            "The report was not signed with the credential registered for this contact, its webhook-timestamp is more than"
            + " a few minutes off, or its webhook-id was used before. Nothing was reported.");

    /** URN namespace rather than an http URL: stable identifiers that never pretend to be a page. */
    public static final String URI_PREFIX = "urn:agency-verify:problem:";

    private final String slug;
    private final String title;
    private final int status;
    private final String defaultDetail;

    ProblemType(String slug, String title, int status, String defaultDetail) {
        this.slug = slug;
        this.title = title;
        this.status = status;
        this.defaultDetail = defaultDetail;
    }

    public String uri() {
        return URI_PREFIX + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** What a person can do about it, when the service has nothing more specific to say. */
    public String defaultDetail() {
        return defaultDetail;
    }

    /** The type that answers a bare HTTP status raised by the framework rather than by our code. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != INVALID_REQUEST) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
    }
}
