package org.agencyverify.verification;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.agencyverify.common.security.Actor;

/** Expires PENDING_CONFIRMATION verifications past their deadline, so nobody has to poll for it to happen. */
@ApplicationScoped
public class VerificationExpiry {

    private static final int BATCH = 200;

    private final VerificationLifecycle verifications;

    VerificationExpiry(VerificationLifecycle verifications) {
        this.verifications = verifications;
    }

    @Scheduled(every = "${agency-verify.verification.expiry-sweep-every:1M}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            int expired = expireDue();
            if (expired > 0) {
                Log.infof("Expired %d verifications past their deadline", expired);
            }
        } catch (RuntimeException e) {
            Log.warnf("Verification expiry sweep failed (%s); next run retries", e.getClass().getSimpleName());
        }
    }

    /** One batch; answers how many were expired. Rows locked by someone else are left for the next run. */
    @Transactional
    public int expireDue() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Verification> due = Verification.<Verification>find("state = ?1 and expiresAt <= ?2 order by expiresAt",
                VerificationState.PENDING_CONFIRMATION, now)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2)
                .page(0, BATCH).list();
        due.forEach(v -> verifications.expire(Actor.SYSTEM, v, now));
        return due.size();
    }
}
