package org.agencyverify.verification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.agencyverify.common.text.OneLine;

/** Request and answer bodies of the verification API. */
public final class VerificationDtos {

    private VerificationDtos() {}

    /** What a portal sends to start a verification. */
    public record StartVerification(
            @NotBlank @Email @OneLine @Size(max = 320) String email,
            @NotBlank @Size(max = 253) @Pattern(regexp = "[A-Za-z0-9.-]+", message = "must be a domain name") String domain,
            @NotNull @Valid Credentials credentials,
            @NotBlank @Pattern(regexp = Purpose.PATTERN, message = "must be one of " + Purpose.PATTERN) String purpose,
            @Schema(description = "The case this request is about, as the requester names it; the contact reads it. One line of"
                    + " letters, digits, punctuation, symbols and plain spaces (no line breaks, control, invisible or"
                    + " direction-changing characters), at most 200 characters.")
            @NotBlank @OneLine @Size(max = 200) String caseReference,
            @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be the sha-256 of the document, 64 hex digits") String documentDigest,
            @Size(max = 200) String audience,
            @Schema(description = "The IP address the requester used at the portal, as the portal saw it (optional). It is the"
                    + " requester the rate limits, the failure counts and the new-network signal key, per portal; without it, the"
                    + " portal's own connection is. An IP literal, else 400.")
            @Size(max = 45) String requesterAddress) {

        /** Never printed: holds the credentials. */
        @Override
        public String toString() {
            return "StartVerification[" + purpose + "]";
        }
    }

    /** {@code password} with {@code password} and {@code otp}, or {@code token} with {@code token}. */
    public record Credentials(
            @NotBlank @Pattern(regexp = "password|token", message = "must be password or token") String type,
            @Size(max = 1024) String password,
            @Pattern(regexp = "[0-9]{6,8}", message = "must be the 6 to 8 digits of the authenticator") String otp,
            @Size(max = 16384) String token) {

        @Override
        public String toString() {
            return "Credentials[" + type + "]";
        }
    }

    /** Where a verification stands, as its portal sees it. */
    public record VerificationView(UUID id, VerificationState state, Purpose purpose, String caseReference,
            Instant expiresAt, String bindingMessage, long pollInterval,
            @Schema(description = "The signed trust token (JWT, ES256) once TOKEN_ISSUED, while it lives") String trustToken,
            @Schema(description = "When the trust token expires") Instant trustTokenExpiresAt,
            @Schema(description = "Names of the risk findings on this verification (e.g. new-network); the evidence is in the audit log")
            List<String> riskFindings) {

        /** Never printed: may hold the token. */
        @Override
        public String toString() {
            return "VerificationView[" + id + ", " + state + "]";
        }
    }

    /** What a portal did with a request it had a trust token for. */
    public record OutcomeReport(
            @NotBlank @Pattern(regexp = "ACCEPTED|REFUSED", message = "must be ACCEPTED or REFUSED") String outcome,
            @Size(max = 500) String reason) {}

    /** The outcome as stored. */
    public record OutcomeView(UUID verificationId, String outcome, Instant reportedAt) {}
}
