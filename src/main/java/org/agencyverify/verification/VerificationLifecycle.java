package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.token.TokenIssuer;

/**
 * The one owner of a verification's lifecycle: every state a verification takes, whoever asks (a start,
 * a contact's decision, the expiry sweep, a poll, a compromise report, a removed contact, later flows),
 * goes through here with its side effects and its audit event, in the caller's transaction. The moves
 * themselves are {@link VerificationState}'s rule; the caller holds the verification's row lock.
 */
@ApplicationScoped
public class VerificationLifecycle {

    private static final String SUBJECT = "verification";

    private final AuditLog audit;
    private final Event<ConfirmationsRequested> requested;
    private final Event<VerificationClosing> closing;
    private final Event<EmailedRequestDenied> emailedDenied;

    VerificationLifecycle(AuditLog audit, Event<ConfirmationsRequested> requested, Event<VerificationClosing> closing,
            Event<EmailedRequestDenied> emailedDenied) {
        this.audit = audit;
        this.requested = requested;
        this.closing = closing;
        this.emailedDenied = emailedDenied;
    }

    /** A start the trust rule refused: stored REJECTED at once, the reason kept in the audit log only. */
    public void reject(Actor actor, Verification v, String reason, Instant now) {
        v.state = VerificationState.REJECTED;
        v.expiresAt = now;
        v.persist();
        audit.record(actor, "verification.rejected", SUBJECT, v.id.toString(), details(v, Map.of("reason", reason)));
    }

    /** A start the trust rule let through: waiting for {@code contacts} until {@code deadline}. */
    public void open(Actor actor, Verification v, List<ContactSelection.Candidate> contacts, int approvalsNeeded,
            Instant deadline, Instant now) {
        v.state = VerificationState.PENDING_CONFIRMATION;
        v.approvalsNeeded = approvalsNeeded;
        v.expiresAt = deadline;
        v.persist();
        requested.fire(new ConfirmationsRequested(actor, v.id, contacts, now));
        audit.record(actor, "verification.started", SUBJECT, v.id.toString(), details(v, Map.of(
                "contacts", contacts.stream().map(c -> c.id().toString()).toList(),
                "approversNeeded", v.approvalsNeeded,
                // An emailed request's sender was never authenticated: there was nothing for the risk policy to judge.
                "riskDecision", v.riskDecision == null ? "not-assessed" : v.riskDecision.name())));
    }

    /**
     * The officer of an emailed request signed in and said they sent it: the contacts are asked now, as
     * at an opening. The caller holds the row lock and has checked the verification still waits.
     */
    public void officerConfirmed(Actor actor, Verification v, List<ContactSelection.Candidate> contacts, int approvalsNeeded,
            Instant now) {
        v.officerProof = Verification.OfficerProof.CONFIRMED;
        v.approvalsNeeded = approvalsNeeded;
        v.updatedAt = now;
        requested.fire(new ConfirmationsRequested(actor, v.id, contacts, now));
        audit.record(actor, "verification.officer-confirmed", SUBJECT, v.id.toString(), details(v, Map.of(
                "contacts", contacts.stream().map(c -> c.id().toString()).toList(), "approversNeeded", approvalsNeeded,
                "acr", v.acr, "amr", v.amr)));
    }

    /** PENDING_CONFIRMATION or an uncollected APPROVED past its deadline (or no longer vouchable) becomes EXPIRED. */
    public void expire(Actor actor, Verification v, Instant now) {
        close(actor, v, VerificationState.EXPIRED, now, Map.of());
    }

    /**
     * {@link #expire(Actor, Verification, Instant)} for a caller outside this feature that holds the row lock
     * ({@link VerificationDirectory#lockForDecision}).
     */
    public void expire(Actor actor, UUID verificationId, Instant now) {
        expire(actor, locked(verificationId), now);
    }

    /**
     * {@link #close(Actor, Verification, VerificationState, Instant, Map)} for a caller outside this feature
     * that holds the row lock ({@link VerificationDirectory#lockForDecision}); answers the state it moved to.
     */
    public VerificationState close(Actor actor, UUID verificationId, VerificationState target, Instant now,
            Map<String, Object> details) {
        Verification v = locked(verificationId);
        close(actor, v, target, now, details);
        return v.state;
    }

    /**
     * The one way a verification stops waiting: it moves to {@code target} (APPROVED, DENIED or EXPIRED),
     * its confirmations still open go with it ({@link VerificationClosing}), and the move is audited as
     * {@code verification.<target>} with {@code details} added.
     */
    public void close(Actor actor, Verification v, VerificationState target, Instant now, Map<String, Object> details) {
        VerificationState before = v.state;
        v.moveTo(target, now);
        VerificationClosing event = new VerificationClosing(v.id, target);
        closing.fire(event);
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("before", before.name());
        audited.put("after", target.name());
        audited.put("agencyId", v.agencyId == null ? null : v.agencyId.toString());
        audited.put("officerId", v.officerId == null ? null : v.officerId.toString());
        audited.put("portalId", v.portalId.toString());
        audited.put(event.expired() ? "expiredConfirmations" : "cancelledConfirmations", event.closedConfirmations());
        if (v.origin == Verification.Origin.CIBA) {
            // A denied emailed request tells the agency who is impersonated where, and with which document.
            audited.put("origin", v.origin.name());
            audited.put("sender", v.requesterEmail);
            audited.put("documentDigest", v.documentDigest);
        }
        audited.putAll(details);
        audit.record(actor, "verification." + target.name().toLowerCase(), SUBJECT, v.id.toString(), audited);
        if (v.origin == Verification.Origin.CIBA && target == VerificationState.DENIED && v.agencyId != null) {
            // The agency's contacts are told who is impersonated where (the confirmation feature's notices).
            emailedDenied.fire(new EmailedRequestDenied(v.id, v.agencyId, v.requesterEmail, v.portalId, v.purpose,
                    v.caseReference, v.documentDigest, now));
        }
    }

    /** APPROVED becomes TOKEN_ISSUED once its token is signed. */
    public void tokenIssued(Actor actor, Verification v, TokenIssuer.Issued token, Instant now) {
        v.moveTo(VerificationState.TOKEN_ISSUED, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", VerificationState.APPROVED.name());
        details.put("after", VerificationState.TOKEN_ISSUED.name());
        details.put("jti", token.jti().toString());
        details.put("kid", token.kid());
        details.put("expiresAt", token.expiresAt().toString());
        details.put("agencyId", v.agencyId.toString());
        // Null for a confirmed sender who is not an enrolled officer.
        details.put("officerId", v.officerId == null ? null : v.officerId.toString());
        details.put("portalId", v.portalId.toString());
        audit.record(actor, "verification.token-issued", SUBJECT, v.id.toString(), details);
    }

    /** The instance the caller locked: already in this transaction's persistence context, so no new read and no new lock. */
    private static Verification locked(UUID verificationId) {
        Verification v = Verification.findById(verificationId);
        if (v == null) {
            throw new IllegalStateException("no verification " + verificationId);
        }
        return v;
    }

    private static Map<String, Object> details(Verification v, Map<String, Object> extra) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("portalId", v.portalId.toString());
        details.put("email", v.requesterEmail);
        details.put("domain", v.requesterDomain);
        details.put("agencyId", v.agencyId == null ? null : v.agencyId.toString());
        details.put("officerId", v.officerId == null ? null : v.officerId.toString());
        details.put("purpose", v.purpose.name());
        details.put("credentialKind", v.credentialKind.name());
        details.put("origin", v.origin.name());
        details.put("state", v.state.name());
        details.putAll(extra);
        return details;
    }
}
