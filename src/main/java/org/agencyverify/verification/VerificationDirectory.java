package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;

/**
 * What the confirmation feature may read of a verification without seeing the entity (answers are
 * {@link VerificationSummary} copies), in the caller's transaction. Its state moves stay
 * {@link VerificationLifecycle}'s.
 */
@ApplicationScoped
public class VerificationDirectory {

    /** A verification by id as it is now, without a lock: what a request shows, and whether it still waits. */
    public Optional<VerificationSummary> find(UUID verificationId) {
        return Verification.<Verification>findByIdOptional(verificationId).map(VerificationSummary::of);
    }

    /**
     * Locks the verification's row for the rest of the caller's transaction and answers it as it is under
     * the lock: take it before the verification's confirmations (lock order everywhere: verification, then
     * its confirmations), judge a decision on it, then move it with {@link VerificationLifecycle}'s id-based
     * methods.
     */
    public VerificationSummary lockForDecision(UUID verificationId) {
        Verification v = Verification.findById(verificationId, LockModeType.PESSIMISTIC_WRITE);
        if (v == null) {
            throw new IllegalStateException("no verification " + verificationId);
        }
        return VerificationSummary.of(v);
    }
}
