package org.agencyverify.confirmation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.agencyverify.verification.VerificationState;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an agency's system answers to a confirmation request, and what it is told back. */
public final class ConfirmationDtos {

    private ConfirmationDtos() {}

    @Schema(name = "ConfirmationDecision", description = "A contact's signed decision on one confirmation request")
    public record DecisionRequest(
            @NotNull @Pattern(regexp = "APPROVE|DENY", message = "must be APPROVE or DENY") String decision,
            @Schema(description = "The one-time secret of the confirmation request this answers")
            @NotBlank @Size(max = 200) String secret,
            @Schema(description = "Why, in the contact's words (optional)")
            @Size(max = 500) String reason) {

        @Override
        public String toString() {
            return "DecisionRequest[" + decision + "]";
        }
    }

    @Schema(name = "ConfirmationOutcome")
    public record DecisionView(UUID confirmationId, Confirmation.Decision decision, VerificationState verificationState) {

        static DecisionView of(ConfirmationService.DecisionResult result) {
            return new DecisionView(result.confirmationId(), result.decision(), result.verificationState());
        }
    }
}
