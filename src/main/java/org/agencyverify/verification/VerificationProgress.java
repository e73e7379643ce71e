package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.risk.RiskFinding;
import org.agencyverify.token.TokenIssuer;
import org.agencyverify.token.TrustToken;
import org.agencyverify.verification.VerificationDtos.VerificationView;

/**
 * A started verification from then on: what its portal reads, the trust token signed at the first
 * read after approval, and expiry. Starting one is {@link VerificationService}'s job.
 */
@ApplicationScoped
public class VerificationProgress {

    private static final String SUBJECT = "verification";

    private final TokenIssuer tokens;
    private final AuditLog audit;
    private final VerificationConfig config;

    VerificationProgress(TokenIssuer tokens, AuditLog audit, VerificationConfig config) {
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
    }

    /**
     * The verification as its own portal sees it; another portal's looks exactly like an unknown id.
     * The first read after approval signs the trust token, once, under a lock on the verification.
     */
    @Transactional
    public Optional<VerificationView> find(Actor actor, UUID portalId, UUID id) {
        return Verification.<Verification>find("id = ?1 and portalId = ?2", id, portalId).firstResultOptional().map(v -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            if (v.state == VerificationState.APPROVED) {
                // Two polls at once must not both sign: lock, then re-read the state under the lock.
                Verification.getEntityManager().refresh(v, LockModeType.PESSIMISTIC_WRITE);
            }
            if ((v.state == VerificationState.PENDING_CONFIRMATION || v.state == VerificationState.APPROVED)
                    && !v.expiresAt.isAfter(now)) {
                expire(actor, v, now);
            }
            if (v.state == VerificationState.APPROVED && !stillVouchable(v)) {
                // Suspended or removed after the contacts approved: the approval no longer holds.
                expire(actor, v, now);
            }
            if (v.state == VerificationState.APPROVED) {
                TrustToken token = tokens.issue(v, now);
                v.moveTo(VerificationState.TOKEN_ISSUED, now);
                audit.record(actor, "verification.token-issued", SUBJECT, v.id.toString(), Map.of("before",
                        VerificationState.APPROVED.name(), "after", VerificationState.TOKEN_ISSUED.name(), "jti", token.jti.toString(),
                        "kid", token.kid, "expiresAt", token.expiresAt.toString(), "agencyId", v.agencyId.toString(),
                        "officerId", v.officerId.toString(), "portalId", v.portalId.toString()));
            }
            return view(v);
        });
    }

    private static boolean stillVouchable(Verification v) {
        return Officer.<Officer>findByIdOptional(v.officerId).filter(o -> o.status == OfficerStatus.ACTIVE).isPresent()
                && Agency.<Agency>findByIdOptional(v.agencyId).filter(a -> a.status == AgencyStatus.ACTIVE).isPresent();
    }

    /** PENDING_CONFIRMATION or an uncollected APPROVED past its deadline becomes EXPIRED; open confirmations with it. */
    public void expire(Actor actor, Verification v, Instant now) {
        VerificationState before = v.state;
        v.moveTo(VerificationState.EXPIRED, now);
        Confirmation.update("status = ?1 where verificationId = ?2 and status in (?3, ?4)", Confirmation.Status.EXPIRED, v.id,
                Confirmation.Status.PENDING, Confirmation.Status.SENT);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", before.name());
        details.put("after", VerificationState.EXPIRED.name());
        details.put("agencyId", v.agencyId == null ? null : v.agencyId.toString());
        details.put("officerId", v.officerId == null ? null : v.officerId.toString());
        details.put("portalId", v.portalId.toString());
        audit.record(actor, "verification.expired", SUBJECT, v.id.toString(), details);
    }

    VerificationView view(Verification v) {
        Optional<TokenIssuer.Collected> token = v.state == VerificationState.TOKEN_ISSUED ? tokens.collect(v.id) : Optional.empty();
        List<String> findings = RiskFinding.<RiskFinding>list("verificationId = ?1 order by name", v.id).stream()
                .map(f -> f.name).distinct().toList();
        return new VerificationView(v.id, v.state, v.purpose, v.caseReference, v.expiresAt, v.bindingMessage,
                Math.max(1, config.pollInterval().toSeconds()), token.map(TokenIssuer.Collected::token).orElse(null),
                token.map(TokenIssuer.Collected::expiresAt).orElse(null), findings);
    }
}
