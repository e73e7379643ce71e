package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Map;
import org.agencyverify.risk.OfficerReportedCompromised;

/** An officer reported compromised leaves nothing under way: its open verifications close with the report. */
@ApplicationScoped
class CompromisedOfficerClosing {

    private final VerificationLifecycle verifications;

    CompromisedOfficerClosing(VerificationLifecycle verifications) {
        this.verifications = verifications;
    }

    /** Waiting verifications are denied, uncollected approvals expire; their open confirmations are cancelled. */
    void closeOpenVerifications(@Observes(during = TransactionPhase.IN_PROGRESS) OfficerReportedCompromised reported) {
        List<Verification> open = Verification.list("officerId = ?1 and state in ?2 order by id", reported.officerId(),
                List.of(VerificationState.PENDING_CONFIRMATION, VerificationState.APPROVED));
        for (Verification v : open) {
            Verification.getEntityManager().refresh(v, LockModeType.PESSIMISTIC_WRITE);
            VerificationState before = v.state;
            if (before != VerificationState.PENDING_CONFIRMATION && before != VerificationState.APPROVED) {
                continue;
            }
            VerificationState target = before == VerificationState.PENDING_CONFIRMATION ? VerificationState.DENIED : VerificationState.EXPIRED;
            verifications.close(reported.actor(), v, target, reported.at(), Map.of("reason", reported.reason()));
        }
        reported.closedVerifications().addAndGet(open.size());
    }
}
