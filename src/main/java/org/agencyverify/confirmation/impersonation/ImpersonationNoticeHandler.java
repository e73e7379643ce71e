package org.agencyverify.confirmation.impersonation;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.NoticeHandler;
import org.agencyverify.common.security.Actor;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.contact.ContactWebhooks;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.portal.PortalDirectory.PortalFacts;

/**
 * Delivers impersonation notices from the outbox (subject: an {@link ImpersonationNotice} id) over the
 * contact's registered channel, as contact-change notices go: a plain-text email through the mailer, or a
 * Standard Webhooks POST through {@link ContactWebhooks} ({@code webhook-id} and {@code Message-ID}
 * {@code imp_<id>}, the same on every retry). The notice is written when it is sent, from the stored
 * denials of its sender and day. Each delivery, and a notice that failed for good, is audited.
 */
@ApplicationScoped
public class ImpersonationNoticeHandler extends NoticeHandler<ImpersonationNotice> {

    public static final String KIND = "impersonation-notice";
    static final String SUBJECT = "impersonation_notice";

    private final Mailer mailer;
    private final ContactWebhooks webhooks;
    private final ContactDirectory contacts;
    private final AgencyDirectory agencies;
    private final PortalDirectory portals;
    private final AuditLog audit;

    ImpersonationNoticeHandler(Mailer mailer, ContactWebhooks webhooks, ContactDirectory contacts, AgencyDirectory agencies,
            PortalDirectory portals, AuditLog audit) {
        this.mailer = mailer;
        this.webhooks = webhooks;
        this.contacts = contacts;
        this.agencies = agencies;
        this.portals = portals;
        this.audit = audit;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected ImpersonationNotice find(UUID noticeId, LockModeType lock) {
        return ImpersonationNotice.findById(noticeId, lock);
    }

    @Override
    protected void send(ImpersonationNotice notice) throws DeliveryFailed {
        // A removed contact's pending notices are cancelled with the removal (ImpersonationNotices): this is a backstop.
        ContactSummary contact = contacts.find(notice.contactId).filter(ContactSummary::active)
                .orElseThrow(() -> new DeliveryFailed("contact-not-active"));
        ImpersonationReport report = report(notice, contact);
        notice.denialsReported = report.denied();
        if (contact.channel() == AgencyContact.Channel.EMAIL) {
            try {
                mailer.send(Mail.withText(contact.email(), report.subjectLine(), report.text())
                        .addHeader("Message-ID", "<" + notice.deliveryId() + "@agency-verify>"));
            } catch (RuntimeException e) {
                throw new DeliveryFailed("smtp: " + e.getClass().getSimpleName());
            }
        } else {
            webhooks.post(contact, notice.deliveryId(), report.payload(Instant.now()));
        }
    }

    /** The sender's denials of the day so far, grouped by portal in the order each first asked. */
    private ImpersonationReport report(ImpersonationNotice notice, ContactSummary contact) {
        Map<UUID, List<ImpersonationReport.Denial>> byPortal = new LinkedHashMap<>();
        for (ImpersonationDenial d : ImpersonationDenial.of(notice.agencyId, notice.sender, notice.day)) {
            byPortal.computeIfAbsent(d.portalId, id -> new java.util.ArrayList<>()).add(
                    new ImpersonationReport.Denial(d.verificationId, d.purpose, d.caseReference, d.documentDigest, d.deniedAt));
        }
        List<ImpersonationReport.Portal> asked = byPortal.entrySet().stream().map(e -> {
            // A denial names its portal by a foreign key: it is there, whatever its status.
            PortalFacts portal = portals.byId(e.getKey()).orElseThrow();
            return new ImpersonationReport.Portal(portal.id(), portal.name(), portal.audience(), e.getValue());
        }).toList();
        // The agency row outlives its reports (a foreign key): it is there.
        String agencyName = agencies.find(notice.agencyId).orElseThrow().name();
        return new ImpersonationReport(notice.deliveryId(), notice.agencyId, agencyName, contact.id(), contact.name(),
                notice.sender, notice.day, asked);
    }

    @Override
    protected void recordDelivered(ImpersonationNotice notice) {
        ContactSummary contact = contacts.find(notice.contactId).orElseThrow();
        Map<String, Object> details = details(notice);
        details.put("channel", contact.channel().name());
        details.put("attempts", notice.attempts);
        details.put("denials", notice.denialsReported);
        audit.record(Actor.SYSTEM, "impersonation.notice-delivered", SUBJECT, notice.id.toString(), details);
    }

    @Override
    protected void recordFailed(ImpersonationNotice notice, String reason) {
        Map<String, Object> details = details(notice);
        details.put("reason", reason);
        audit.record(Actor.SYSTEM, "impersonation.notice-failed", SUBJECT, notice.id.toString(), details);
    }

    static Map<String, Object> details(ImpersonationNotice notice) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("agencyId", notice.agencyId.toString());
        details.put("sender", notice.sender);
        details.put("day", notice.day.toString());
        details.put("contactId", notice.contactId.toString());
        return details;
    }
}
