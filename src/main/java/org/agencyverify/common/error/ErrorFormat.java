package org.agencyverify.common.error;

/**
 * A protocol served under its own paths whose clients expect errors in that protocol's format rather
 * than RFC 9457 (SCIM's error messages, RFC 7644 3.12). The status stays the problem's; only the body
 * and its media type change, so every error (ours, the framework's, the HTTP layer's) keeps one source.
 */
public interface ErrorFormat {

    /** Whether the request path is under this protocol. */
    boolean serves(String path);

    /**
     * The body for {@code problem} on one of its paths.
     *
     * @param refusal the service's own refusal, if that is what failed (may carry protocol details)
     */
    Formatted format(Problem problem, ApiException refusal);

    /** A body to serialize as JSON, and its media type. */
    record Formatted(String mediaType, Object body) {}
}
