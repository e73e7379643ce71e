package org.agencyverify.confirmation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;
import org.agencyverify.confirmation.ConfirmationRules.Verdict;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.verification.VerificationDirectory;
import org.agencyverify.verification.VerificationLifecycle;
import org.agencyverify.verification.VerificationState;
import org.agencyverify.verification.VerificationSummary;

/**
 * Applies a contact's decision to its verification, under a lock on the verification so that two
 * contacts answering at once are counted once each. Every channel's decision comes through here, so
 * this is where "only a current contact of an ACTIVE agency decides" holds. Refused answers are
 * audited and change nothing else; the refusal is stored before the caller hears of it.
 */
@ApplicationScoped
public class ConfirmationService {

    private static final String SUBJECT = "confirmation";

    /** What a decision did. */
    public record DecisionResult(UUID confirmationId, Confirmation.Decision decision, VerificationState verificationState) {}

    /**
     * The answer came from a contact that is no longer ACTIVE, or of an agency that is not: already
     * audited with its reason; each channel answers it exactly as it answers an unknown sender.
     */
    public static final class NotACurrentContact extends RuntimeException {
        NotACurrentContact() {
            super("not a current contact", null, false, false);
        }
    }

    /** What {@link #apply} did: a result, or a refusal (a verdict, or the reason a decider is not current). */
    private record Applied(DecisionResult result, Verdict verdict, String notCurrent) {}

    private final VerificationLifecycle lifecycle;
    private final VerificationDirectory verifications;
    private final ContactDirectory contacts;
    private final AgencyDirectory agencies;
    private final AuditLog audit;

    ConfirmationService(VerificationLifecycle lifecycle, VerificationDirectory verifications, ContactDirectory contacts,
            AgencyDirectory agencies, AuditLog audit) {
        this.lifecycle = lifecycle;
        this.verifications = verifications;
        this.contacts = contacts;
        this.agencies = agencies;
        this.audit = audit;
    }

    /**
     * The caller has proved that the decision comes from this confirmation's own contact over
     * {@code channel}; this checks the rest. Throws {@link NotACurrentContact} when that contact was
     * removed or its agency is not ACTIVE (whatever state the request is in), and a 409
     * {@code confirmation-closed} problem when the answer comes too late, twice, or after the
     * verification was decided.
     */
    public DecisionResult decide(UUID confirmationId, AgencyContact.Channel channel, Confirmation.Decision decision, String reason,
            Actor actor) {
        Applied applied = QuarkusTransaction.requiringNew().call(() -> apply(confirmationId, channel, decision, reason, actor));
        if (applied.notCurrent() != null) {
            throw new NotACurrentContact();
        }
        if (applied.verdict().refused()) {
            throw new ApiException(ProblemType.CONFIRMATION_CLOSED, ProblemType.CONFIRMATION_CLOSED.defaultDetail());
        }
        return applied.result();
    }

    /** Records an answer refused before it reached the rules (bad signature, wrong secret, replay). */
    public void refuseUnauthenticated(UUID confirmationId, String reason, Actor actor) {
        QuarkusTransaction.requiringNew().run(() -> audit.record(actor, "confirmation.refused", SUBJECT, confirmationId.toString(),
                Map.of("reason", reason)));
    }

    private Applied apply(UUID confirmationId, AgencyContact.Channel channel, Confirmation.Decision decision, String reason,
            Actor actor) {
        Confirmation unlocked = Confirmation.findById(confirmationId);
        if (unlocked == null || !channel.name().equals(unlocked.channel)) {
            // The callers authenticate the contact first, so this is a wiring error, not a user's mistake.
            throw new IllegalStateException("confirmation " + confirmationId + " is not answered over " + channel);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // Lock order everywhere: verification, then its confirmations, then the audit chain. All of them before the
        // first audit record: closing the verification updates its other open requests, and a delivery of one of
        // those holds its row while it waits for the chain (a deadlock, seen under load by ChaosIT).
        VerificationSummary verification = verifications.lockForDecision(unlocked.verificationId);
        Confirmation.find("verificationId = ?1 order by id", unlocked.verificationId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        Confirmation confirmation = Confirmation.findById(confirmationId, LockModeType.PESSIMISTIC_WRITE);
        boolean open = confirmation.status == Confirmation.Status.PENDING || confirmation.status == Confirmation.Status.SENT;
        // Read after the locks: a removal that committed first (it cancels under the same locks) is seen here.
        Optional<ContactSummary> contact = contacts.find(confirmation.contactId);
        Optional<AgencySummary> agency = contact.flatMap(c -> agencies.find(c.agencyId()));
        Optional<String> notCurrent = ConfirmationRules.refuseDecider(contact.map(c -> c.status().name()).orElse(null),
                agency.map(a -> a.status().name()).orElse(null));
        int approvalsBefore = (int) Confirmation.count("verificationId = ?1 and status = ?2 and decision = ?3", verification.id(),
                Confirmation.Status.ANSWERED, Confirmation.Decision.APPROVE);
        Verdict verdict = ConfirmationRules.judge(verification.state(), verification.expiresAt(), now, open,
                decision == Confirmation.Decision.APPROVE, approvalsBefore, verification.approvalsNeeded());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("verificationId", verification.id().toString());
        details.put("agencyId", verification.agencyId().toString());
        details.put("officerId", verification.officerId() == null ? null : verification.officerId().toString());
        details.put("portalId", verification.portalId().toString());
        details.put("contactId", confirmation.contactId.toString());
        details.put("channel", channel.name());
        details.put("decision", decision.name());
        if (notCurrent.isPresent()) {
            details.put("reason", notCurrent.get());
            audit.record(actor, "confirmation.refused", SUBJECT, confirmationId.toString(), details);
            return new Applied(null, null, notCurrent.get());
        }
        if (verdict.refused()) {
            if (verdict == Verdict.CLOSED_PAST_DEADLINE) {
                lifecycle.expire(Actor.SYSTEM, verification.id(), now);
            }
            details.put("reason", verdict.name().substring("CLOSED_".length()).toLowerCase().replace('_', '-'));
            audit.record(actor, "confirmation.refused", SUBJECT, confirmationId.toString(), details);
            return new Applied(null, verdict, null);
        }
        confirmation.status = Confirmation.Status.ANSWERED;
        confirmation.decision = decision;
        confirmation.answeredAt = now;
        confirmation.reason = reason == null || reason.isBlank() ? null : reason.strip();
        audit.record(actor, "confirmation.answered", SUBJECT, confirmationId.toString(), details);
        if (verdict == Verdict.APPROVED || verdict == Verdict.DENIED) {
            Map<String, Object> counted = new LinkedHashMap<>();
            counted.put("approvals", approvalsBefore + (decision == Confirmation.Decision.APPROVE ? 1 : 0));
            counted.put("approvalsNeeded", verification.approvalsNeeded());
            VerificationState after = lifecycle.close(actor, verification.id(),
                    verdict == Verdict.APPROVED ? VerificationState.APPROVED : VerificationState.DENIED, now, counted);
            return new Applied(new DecisionResult(confirmationId, decision, after), verdict, null);
        }
        return new Applied(new DecisionResult(confirmationId, decision, verification.state()), verdict, null);
    }
}
