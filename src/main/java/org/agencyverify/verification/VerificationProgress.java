package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
import org.agencyverify.contact.ContactRemoved;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.risk.RiskFinding;
import org.agencyverify.token.TokenIssuer;
import org.agencyverify.token.TrustToken;
import org.agencyverify.verification.VerificationDtos.VerificationView;

/**
 * A started verification from then on: what its portal reads, the trust token signed at the first
 * read after approval, and every way it stops waiting for confirmations ({@link #close}). Starting
 * one is {@link VerificationService}'s job.
 */
@ApplicationScoped
public class VerificationProgress {

    private static final String SUBJECT = "verification";
    private static final List<Confirmation.Status> OPEN = List.of(Confirmation.Status.PENDING, Confirmation.Status.SENT);

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
        close(actor, v, VerificationState.EXPIRED, now, Map.of());
    }

    /**
     * The one way a verification stops waiting: it moves to {@code target} (APPROVED, DENIED or EXPIRED),
     * its confirmations still open go with it (EXPIRED when it expired, else CANCELLED: nobody needs to
     * answer them any more), and the move is audited as {@code verification.<target>} with {@code details}
     * added. The caller holds the verification's lock.
     */
    public void close(Actor actor, Verification v, VerificationState target, Instant now, Map<String, Object> details) {
        VerificationState before = v.state;
        v.moveTo(target, now);
        Confirmation.Status closed = target == VerificationState.EXPIRED ? Confirmation.Status.EXPIRED : Confirmation.Status.CANCELLED;
        int count = Confirmation.update("status = ?1 where verificationId = ?2 and status in (?3, ?4)", closed, v.id,
                Confirmation.Status.PENDING, Confirmation.Status.SENT);
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("before", before.name());
        audited.put("after", target.name());
        audited.put("agencyId", v.agencyId == null ? null : v.agencyId.toString());
        audited.put("officerId", v.officerId == null ? null : v.officerId.toString());
        audited.put("portalId", v.portalId.toString());
        audited.put(closed == Confirmation.Status.EXPIRED ? "expiredConfirmations" : "cancelledConfirmations", count);
        audited.putAll(details);
        audit.record(actor, "verification." + target.name().toLowerCase(), SUBJECT, v.id.toString(), audited);
    }

    /**
     * A contact left (removed, or replaced through an applied change), in the removal's transaction: its
     * open requests are cancelled, so whoever still holds its credential has nothing left to answer. A
     * verification keeps waiting on its other open requests while they can still bring the approvals its
     * policy needs; when they cannot, it closes as EXPIRED rather than wait for nobody.
     */
    void contactRemoved(@Observes ContactRemoved removed) {
        List<UUID> waiting = Confirmation.getEntityManager().createQuery("SELECT DISTINCT c.verificationId FROM Confirmation c"
                + " WHERE c.contactId = :contact AND c.status IN :open ORDER BY c.verificationId", UUID.class)
                .setParameter("contact", removed.contactId()).setParameter("open", OPEN).getResultList();
        for (UUID id : waiting) {
            // Lock order everywhere: verification, then its confirmations.
            Verification v = Verification.findById(id, LockModeType.PESSIMISTIC_WRITE);
            List<Confirmation> cancelled = Confirmation.<Confirmation>find("verificationId = ?1 and contactId = ?2 and status in ?3",
                    id, removed.contactId(), OPEN).withLock(LockModeType.PESSIMISTIC_WRITE).list();
            for (Confirmation c : cancelled) {
                c.status = Confirmation.Status.CANCELLED;
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("verificationId", id.toString());
                details.put("agencyId", removed.agencyId().toString());
                details.put("contactId", removed.contactId().toString());
                details.put("reason", "contact-removed");
                audit.record(removed.actor(), "confirmation.cancelled", "confirmation", c.id.toString(), details);
            }
            Confirmation.flush();
            if (v.state != VerificationState.PENDING_CONFIRMATION) {
                continue;
            }
            long approvals = Confirmation.count("verificationId = ?1 and status = ?2 and decision = ?3", id,
                    Confirmation.Status.ANSWERED, Confirmation.Decision.APPROVE);
            long open = Confirmation.count("verificationId = ?1 and status in ?2", id, OPEN);
            if (approvals + open < Math.max(1, v.approvalsNeeded)) {
                close(removed.actor(), v, VerificationState.EXPIRED, removed.at(),
                        Map.of("reason", open == 0 ? "no-contact-left" : "too-few-contacts-left"));
            }
        }
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
