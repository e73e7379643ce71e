package org.agencyverify.verification.ciba;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the CIBA endpoints as OpenAPI shows them. The endpoints read forms field by field (to
 * refuse a repeated field, as OAuth asks) and write maps in CIBA's own member names; these records only
 * describe them.
 */
final class CibaDocs {

    private CibaDocs() {}

    @Schema(name = "CibaAuthenticationRequest", description = "Form fields of a backchannel authentication request;"
            + " plus client_id and client_secret when the client authenticates in the form")
    record AuthenticationRequest(
            @Schema(description = "The sender's email address, as the request was sent from", required = true) String login_hint,
            @Schema(description = "Optional: at most 64 characters, one line: a code the portal keeps with the email") String binding_message,
            @Schema(description = "JSON array (RFC 9396) of one object: type law_enforcement_request, purpose, case_reference,"
                    + " optionally document_digest {\"alg\":\"sha-256\",\"value\":<64 hex digits>}", required = true)
            String authorization_details,
            @Schema(description = "Optional: seconds, at most the purpose's confirmation deadline") Long requested_expiry,
            @Schema(description = "Optional, ignored") String scope) {}

    @Schema(name = "CibaAuthenticationResponse")
    record AuthenticationResponse(String auth_req_id, long expires_in, long interval) {}

    @Schema(name = "CibaTokenRequest", description = "Form fields of a token request for the CIBA grant")
    record TokenRequest(
            @Schema(enumeration = CibaResource.GRANT_TYPE, required = true) String grant_type,
            @Schema(required = true) String auth_req_id) {}

    @Schema(name = "CibaTokenResponse")
    record TokenResponse(
            @Schema(description = "The trust token (JWT, typ agency-trust+jwt, ES256)") String access_token,
            @Schema(enumeration = "Bearer") String token_type,
            long expires_in,
            List<Map<String, Object>> authorization_details) {}

    @Schema(name = "CibaError", description = "CIBA Core 1.0 section 13 / RFC 6749 section 5.2")
    record Error(String error, String error_description) {}
}
