package org.agencyverify.confirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import org.agencyverify.confirmation.ConfirmationRules.Verdict;
import org.agencyverify.verification.VerificationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every outcome of one contact's answer, without a server. */
class ConfirmationRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(600);

    private static Verdict judge(boolean approve, int before, int needed) {
        return ConfirmationRules.judge(VerificationState.PENDING_CONFIRMATION, LATER, NOW, true, approve, before, needed);
    }

    @Test
    void oneApprovalApprovesWhenOneIsNeeded() {
        assertEquals(Verdict.APPROVED, judge(true, 0, 1));
    }

    @Test
    void theFirstOfTwoApprovalsLeavesItPendingAndTheSecondApproves() {
        assertEquals(Verdict.STILL_PENDING, judge(true, 0, 2));
        assertEquals(Verdict.APPROVED, judge(true, 1, 2));
    }

    @Test
    void aDenialIsFinalWhateverWasApprovedBefore() {
        assertEquals(Verdict.DENIED, judge(false, 0, 1));
        assertEquals(Verdict.DENIED, judge(false, 1, 2));
    }

    @Test
    void aNeedOfZeroStillTakesOneApproval() {
        assertEquals(Verdict.APPROVED, judge(true, 0, 0));
    }

    @Test
    void anAnswerOnAnAnsweredConfirmationIsRefusedWhateverElseHolds() {
        for (VerificationState state : VerificationState.values()) {
            assertEquals(Verdict.CLOSED_ALREADY_ANSWERED,
                    ConfirmationRules.judge(state, LATER, NOW, false, true, 0, 1), state.name());
        }
    }

    @ParameterizedTest
    @EnumSource(value = VerificationState.class, names = "PENDING_CONFIRMATION", mode = EnumSource.Mode.EXCLUDE)
    void noAnswerMovesAVerificationThatIsNoLongerPending(VerificationState state) {
        assertEquals(Verdict.CLOSED_VERIFICATION_DONE, ConfirmationRules.judge(state, LATER, NOW, true, true, 0, 1));
        assertEquals(Verdict.CLOSED_VERIFICATION_DONE, ConfirmationRules.judge(state, LATER, NOW, true, false, 0, 1));
    }

    @Test
    void anAnswerAtOrAfterTheDeadlineIsRefusedEvenADenial() {
        assertEquals(Verdict.CLOSED_PAST_DEADLINE,
                ConfirmationRules.judge(VerificationState.PENDING_CONFIRMATION, NOW, NOW, true, true, 0, 1));
        assertEquals(Verdict.CLOSED_PAST_DEADLINE,
                ConfirmationRules.judge(VerificationState.PENDING_CONFIRMATION, NOW.minusMillis(1), NOW, true, false, 0, 1));
    }

    @Test
    void aMillisecondBeforeTheDeadlineStillCounts() {
        assertEquals(Verdict.APPROVED,
                ConfirmationRules.judge(VerificationState.PENDING_CONFIRMATION, NOW.plusMillis(1), NOW, true, true, 0, 1));
    }

    @Test
    void onlyTheClosedVerdictsAreRefusals() {
        EnumSet<Verdict> refused = EnumSet.of(Verdict.CLOSED_ALREADY_ANSWERED, Verdict.CLOSED_VERIFICATION_DONE,
                Verdict.CLOSED_PAST_DEADLINE);
        for (Verdict verdict : Verdict.values()) {
            assertEquals(refused.contains(verdict), verdict.refused(), verdict.name());
        }
        assertFalse(Verdict.APPROVED.refused());
        assertTrue(Verdict.CLOSED_PAST_DEADLINE.refused());
    }

    @Test
    void onlyAnActiveContactOfAnActiveAgencyDecides() {
        assertEquals(java.util.Optional.empty(), ConfirmationRules.refuseDecider("ACTIVE", "ACTIVE"));
        assertEquals(java.util.Optional.of("contact-removed"), ConfirmationRules.refuseDecider("REMOVED", "ACTIVE"));
        assertEquals(java.util.Optional.of("contact-pending"), ConfirmationRules.refuseDecider("PENDING", "ACTIVE"));
        assertEquals(java.util.Optional.of("contact-unknown"), ConfirmationRules.refuseDecider(null, "ACTIVE"));
        assertEquals(java.util.Optional.of("agency-suspended"), ConfirmationRules.refuseDecider("ACTIVE", "SUSPENDED"));
        assertEquals(java.util.Optional.of("agency-pending"), ConfirmationRules.refuseDecider("ACTIVE", "PENDING"));
        assertEquals(java.util.Optional.of("agency-unknown"), ConfirmationRules.refuseDecider("ACTIVE", null));
        // The contact's own state is named first: that is the credential that stopped counting.
        assertEquals(java.util.Optional.of("contact-removed"), ConfirmationRules.refuseDecider("REMOVED", "SUSPENDED"));
    }
}
