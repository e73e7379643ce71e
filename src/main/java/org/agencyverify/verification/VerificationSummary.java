package org.agencyverify.verification;

import java.time.Instant;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;

/**
 * A verification as the confirmation feature sees it: a copy of what a decision is judged on (state,
 * deadline, approvals needed, who is involved) and of what a contact is shown about the request, never
 * the entity, so that only this feature reads and changes verifications. {@code senderConfirmation}: an
 * emailed request whose sender nobody authenticated, so the contact is asked whether the sender is theirs
 * and sent it ({@code officerId} is then the enrolled officer with that address, if any;
 * {@code officerConfirmed}: that officer signed in and said they sent it).
 */
public record VerificationSummary(UUID id, UUID agencyId, UUID officerId, UUID portalId, VerificationState state,
        Instant expiresAt, int approvalsNeeded, Purpose purpose, String caseReference, String documentDigest,
        String bindingCode, String bindingMessage, String requesterEmail, boolean senderConfirmation, boolean officerConfirmed) {

    static VerificationSummary of(Verification v) {
        return new VerificationSummary(v.id, v.agencyId, v.officerId, v.portalId, v.state, v.expiresAt, v.approvalsNeeded,
                v.purpose, v.caseReference, v.documentDigest, v.bindingCode, v.bindingMessage, v.requesterEmail,
                v.credentialKind == CredentialKind.NONE, v.officerProof == Verification.OfficerProof.CONFIRMED);
    }

    /** Whether it still waits for confirmations at {@code now}: PENDING_CONFIRMATION and before its deadline. */
    public boolean waitingAt(Instant now) {
        return state == VerificationState.PENDING_CONFIRMATION && now.isBefore(expiresAt);
    }
}
