package org.agencyverify.confirmation.impersonation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.LockModeType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.common.security.Actor;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.contact.ContactRemoved;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.verification.EmailedRequestDenied;

/**
 * A denied emailed request helps the agency: each denial is recorded in the denying transaction, and the
 * first denial of a sender at an agency on a UTC day queues one notice per ACTIVE contact of the agency.
 * Later denials of that sender that day queue nothing: the notice, written when it is sent, lists them.
 */
@ApplicationScoped
class ImpersonationNotices {

    private final ContactDirectory contacts;
    private final Outbox outbox;
    private final AuditLog audit;

    ImpersonationNotices(ContactDirectory contacts, Outbox outbox, AuditLog audit) {
        this.contacts = contacts;
        this.outbox = outbox;
        this.audit = audit;
    }

    void denied(@Observes(during = TransactionPhase.IN_PROGRESS) EmailedRequestDenied denied) {
        LocalDate day = LocalDate.ofInstant(denied.at(), ZoneOffset.UTC);
        String sender = denied.sender().toLowerCase(Locale.ROOT);
        // The report's key decides which denial is the day's first: a second transaction inserting the same
        // key waits for the first to commit, then inserts nothing (or inserts it, if the first rolled back).
        boolean first = ImpersonationDenial.getEntityManager().createNativeQuery("INSERT INTO impersonation_report"
                + " (agency_id, sender, day, first_denied_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                .setParameter(1, denied.agencyId()).setParameter(2, sender).setParameter(3, day).setParameter(4, denied.at())
                .executeUpdate() == 1;
        ImpersonationDenial denial = new ImpersonationDenial();
        denial.verificationId = denied.verificationId();
        denial.agencyId = denied.agencyId();
        denial.sender = sender;
        denial.day = day;
        denial.portalId = denied.portalId();
        denial.purpose = denied.purpose();
        denial.caseReference = denied.caseReference();
        denial.documentDigest = denied.documentDigest();
        denial.deniedAt = denied.at();
        denial.persist();
        if (!first) {
            return;
        }
        List<String> queued = new ArrayList<>();
        for (ContactSummary contact : contacts.active(denied.agencyId())) {
            ImpersonationNotice notice = new ImpersonationNotice();
            notice.id = UUID.randomUUID();
            notice.agencyId = denied.agencyId();
            notice.sender = sender;
            notice.day = day;
            notice.contactId = contact.id();
            notice.status = ImpersonationNotice.Status.PENDING;
            notice.createdAt = denied.at();
            notice.persist();
            outbox.enqueue(ImpersonationNoticeHandler.KIND, notice.id);
            queued.add(notice.id.toString());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("agencyId", denied.agencyId().toString());
        details.put("sender", sender);
        details.put("day", day.toString());
        details.put("verificationId", denied.verificationId().toString());
        details.put("notices", queued);
        audit.record(Actor.SYSTEM, "impersonation.reported", "verification", denied.verificationId().toString(), details);
    }

    /** A contact left: its notices not sent yet are cancelled with it, audited, and never go out. */
    void contactRemoved(@Observes(during = TransactionPhase.IN_PROGRESS) ContactRemoved removed) {
        List<ImpersonationNotice> pending = ImpersonationNotice.<ImpersonationNotice>find("contactId = ?1 and status = ?2",
                removed.contactId(), ImpersonationNotice.Status.PENDING).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (ImpersonationNotice notice : pending) {
            notice.status = ImpersonationNotice.Status.CANCELLED;
            Map<String, Object> details = ImpersonationNoticeHandler.details(notice);
            details.put("reason", "contact-removed");
            audit.record(removed.actor(), "impersonation.notice-cancelled", ImpersonationNoticeHandler.SUBJECT,
                    notice.id.toString(), details);
        }
    }
}
