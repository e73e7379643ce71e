package org.agencyverify.confirmation;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.agencyverify.verification.VerificationState;

/**
 * What one contact's answer does to a verification (plain Java, no framework). Only a contact that is
 * ACTIVE now, of an agency that is ACTIVE now, answers at all. A denial by any asked contact is final;
 * approvals count once per contact until the policy's number is reached; nothing is accepted after the
 * deadline, twice, or on a verification that is no longer waiting.
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
     * Whether the one who answers may decide at all, checked before anything else: a contact removed
     * since the request went out, or one of an agency that is not ACTIVE, holds a credential that no
     * longer speaks for the agency. Answers the reason to audit, or empty when the decider is current.
     *
     * @param contactStatus the contact's status now (null: no such contact)
     * @param agencyStatus  its agency's status now (null: no such agency)
     */
    public static Optional<String> refuseDecider(String contactStatus, String agencyStatus) {
        if (!"ACTIVE".equals(contactStatus)) {
            return Optional.of("contact-" + (contactStatus == null ? "unknown" : contactStatus.toLowerCase(Locale.ROOT)));
        }
        if (!"ACTIVE".equals(agencyStatus)) {
            return Optional.of("agency-" + (agencyStatus == null ? "unknown" : agencyStatus.toLowerCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

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
