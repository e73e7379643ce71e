package org.agencyverify.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.officer.ConsecutiveFailures;
import org.agencyverify.officer.OfficerAction;
import org.agencyverify.officer.OfficerService;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.risk.RiskPolicy.Assessment;

/**
 * The risk step of a verification start, in the transaction that stores it: assess the findings,
 * store them, stop the officer when the policy or the credential-failure limit says so.
 */
@ApplicationScoped
public class RiskGate {

    private final RiskSignals signals;
    private final RiskPolicy policy;
    private final RiskConfig config;
    private final OfficerService officers;
    private final ConsecutiveFailures failures;
    private final RiskNotices notices;
    private final AuditLog audit;
    private final ObjectMapper json;

    RiskGate(RiskSignals signals, RiskConfig config, OfficerService officers, ConsecutiveFailures failures, RiskNotices notices,
            AuditLog audit, ObjectMapper json) {
        this.failures = failures;
        this.signals = signals;
        this.policy = new RiskPolicy(config.findingsDenyAt(), config.portalRefusalsDenyAt());
        this.config = config;
        this.officers = officers;
        this.notices = notices;
        this.audit = audit;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Assessment assess(RiskSignals.Attempt attempt) {
        return policy.assess(signals.collect(attempt));
    }

    /** Stores the findings on the (just persisted) verification; their evidence goes to the audit log too. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, UUID verificationId, UUID officerId, Assessment assessment, Instant now) {
        List<Map<String, Object>> audited = new java.util.ArrayList<>();
        for (Finding finding : assessment.findings()) {
            RiskFinding row = new RiskFinding();
            row.id = UUID.randomUUID();
            row.verificationId = verificationId;
            row.officerId = officerId;
            row.name = finding.name();
            row.evidence = write(finding.evidence());
            row.createdAt = now;
            row.persist();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", finding.name());
            entry.put("decision", policy.decide(finding).name());
            entry.put("evidence", finding.evidence());
            audited.add(entry);
        }
        audit.record(actor, "verification.risk-assessed", "verification", verificationId.toString(),
                Map.of("decision", assessment.decision().name(), "findings", audited));
    }

    /** Suspends the officer pending the agency and tells the agency's contacts; nothing when already stopped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void suspend(UUID officerId, String reason) {
        Optional<OfficerStatus> after = officers.stop(Actor.SYSTEM, officerId, OfficerAction.SUSPEND, reason);
        if (after.isPresent()) {
            notices.notifyAgency(officerId, RiskNotice.SUSPENDED, reason);
        }
    }

    /**
     * A failed credential check of an enrolled officer: one more in a row; at the limit the officer is
     * suspended (NIST SP 800-63B). Only checks Keycloak actually made count, so a blocked source adds nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void credentialFailed(UUID officerId) {
        ConsecutiveFailures.Counted counted = failures.failed(officerId);
        if (counted.status() == OfficerStatus.ACTIVE && counted.inARow() >= config.credentialFailures().maxConsecutive()) {
            suspend(officerId, "credential-failures");
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void credentialPassed(UUID officerId) {
        failures.passed(officerId);
    }

    private String write(Map<String, Object> evidence) {
        try {
            return json.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
