package org.agencyverify.verification;

import java.util.UUID;

/**
 * A verification stops waiting for confirmations (fired by {@link VerificationLifecycle} in the closing
 * transaction): the confirmation feature closes the requests still open, EXPIRED with an expired
 * verification and CANCELLED otherwise, and reports how many, which the closing's audit event records.
 */
public final class VerificationClosing {

    private final UUID verificationId;
    private final VerificationState target;
    private int closedConfirmations;

    VerificationClosing(UUID verificationId, VerificationState target) {
        this.verificationId = verificationId;
        this.target = target;
    }

    public UUID verificationId() {
        return verificationId;
    }

    /** Whether the open requests close as EXPIRED (the verification ran out of time) rather than CANCELLED. */
    public boolean expired() {
        return target == VerificationState.EXPIRED;
    }

    /** Called by observers with the number of requests they closed. */
    public void closed(int count) {
        closedConfirmations += count;
    }

    int closedConfirmations() {
        return closedConfirmations;
    }
}
