package org.agencyverify.confirmation;

import java.time.Instant;
import org.agencyverify.verification.VerificationState;

/**
 * What one contact's answer does to a verification (plain Java, no framework). A denial by any asked
 * contact is final; approvals count once per contact until the policy's number is reached; nothing is
 * accepted after the deadline, twice, or on a verification that is no longer waiting.
 */
public final class ConfirmationRules {

    /** The outcome of one answer. The {@code CLOSED_*} ones refuse it and change nothing but the audit log. */
    public enum Verdict {
        /** This confirmation was already answered (or cancelled, or expired). */
        CLOSED_ALREADY_ANSWERED,
        /** The verification is no longer waiting for confirmations. */
        CLOSED_VERIFICATION_DONE,
        /** The deadline passed before the answer arrived. */
        CLOSED_PAST_DEADLINE,
        /** An approval, but more approvers are needed. */
        STILL_PENDING,
        /** The last approval needed: the verification is APPROVED. */
        APPROVED,
        /** A denial: the verification is DENIED, for good. */
        DENIED;

        public boolean refused() {
            return name().startsWith("CLOSED_");
        }
    }

    private ConfirmationRules() {}

    /**
     * @param state           the verification's state now
     * @param deadline        the verification's expiry
     * @param confirmationOpen whether this contact's confirmation still waits for an answer
     * @param approve         the answer: approve or deny
     * @param approvalsBefore distinct contacts that approved before this answer
     * @param approvalsNeeded distinct contacts that must approve (1, or 2 for some emergencies)
     */
    public static Verdict judge(VerificationState state, Instant deadline, Instant now, boolean confirmationOpen,
            boolean approve, int approvalsBefore, int approvalsNeeded) {
        if (!confirmationOpen) {
            return Verdict.CLOSED_ALREADY_ANSWERED;
        }
        if (state != VerificationState.PENDING_CONFIRMATION) {
            return Verdict.CLOSED_VERIFICATION_DONE;
        }
        if (!now.isBefore(deadline)) {
            return Verdict.CLOSED_PAST_DEADLINE;
        }
        if (!approve) {
            return Verdict.DENIED;
        }
        return approvalsBefore + 1 >= Math.max(1, approvalsNeeded) ? Verdict.APPROVED : Verdict.STILL_PENDING;
    }
}
