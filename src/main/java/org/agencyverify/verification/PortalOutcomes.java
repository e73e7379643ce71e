package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;
import org.agencyverify.verification.VerificationDtos.OutcomeReport;
import org.agencyverify.verification.VerificationDtos.OutcomeView;

/**
 * A portal says what it did with a request it had a trust token for. A refusal stands against the
 * officer's later verifications (risk signal portal-refused-earlier), at every portal.
 */
@ApplicationScoped
public class PortalOutcomes {

    private final AuditLog audit;

    PortalOutcomes(AuditLog audit) {
        this.audit = audit;
    }

    /** Empty for an unknown id and for another portal's verification alike. */
    @Transactional
    public Optional<OutcomeView> report(Actor actor, UUID portalId, UUID id, OutcomeReport report) {
        Optional<Verification> found = Verification.<Verification>find("id = ?1 and portalId = ?2", id, portalId).firstResultOptional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Verification v = found.get();
        Verification.getEntityManager().refresh(v, LockModeType.PESSIMISTIC_WRITE);
        if (v.state != VerificationState.TOKEN_ISSUED) {
            throw new ApiException(ProblemType.CONFLICT, "Only a verification whose trust token was issued has an outcome to report.");
        }
        if (v.portalOutcome != null) {
            throw new ApiException(ProblemType.CONFLICT, "The outcome of this verification was reported already.");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        v.portalOutcome = Verification.PortalOutcome.valueOf(report.outcome());
        v.portalOutcomeReason = report.reason() == null || report.reason().isBlank() ? null : report.reason().strip();
        v.portalOutcomeAt = now;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("outcome", v.portalOutcome.name());
        details.put("reason", v.portalOutcomeReason);
        details.put("officerId", v.officerId.toString());
        audit.record(actor, "verification.outcome-reported", "verification", v.id.toString(), details);
        return Optional.of(new OutcomeView(v.id, v.portalOutcome.name(), v.portalOutcomeAt));
    }
}
