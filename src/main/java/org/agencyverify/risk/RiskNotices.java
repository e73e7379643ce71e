package org.agencyverify.risk;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.common.outbox.OutboxHandler;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.text.OneLineText;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.contact.ContactWebhooks;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;

/**
 * Tells the agency's ACTIVE contacts, over their registered channels, that one of its officers was
 * suspended or revoked by a rule: one notice per contact, written in the transaction that stopped the
 * officer and delivered by the outbox with retries (webhook-id / Message-ID: the notice id).
 */
@ApplicationScoped
public class RiskNotices implements OutboxHandler {

    public static final String KIND = "risk.agency-notice";

    private final Outbox outbox;
    private final Mailer mailer;
    private final ContactWebhooks webhooks;
    private final AuditLog audit;
    private final OfficerDirectory officers;
    private final AgencyDirectory agencies;
    private final ContactDirectory contactDirectory;

    RiskNotices(Outbox outbox, Mailer mailer, ContactWebhooks webhooks, AuditLog audit, OfficerDirectory officers,
            AgencyDirectory agencies, ContactDirectory contactDirectory) {
        this.contactDirectory = contactDirectory;
        this.officers = officers;
        this.agencies = agencies;
        this.outbox = outbox;
        this.mailer = mailer;
        this.webhooks = webhooks;
        this.audit = audit;
    }

    /** Queues a notice to every ACTIVE contact of the officer's agency, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int notifyAgency(UUID officerId, String event, String reason) {
        OfficerSummary officer = officers.find(officerId).orElseThrow();
        List<ContactSummary> contacts = contactDirectory.active(officer.agencyId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (ContactSummary contact : contacts) {
            RiskNotice notice = new RiskNotice();
            notice.id = UUID.randomUUID();
            notice.agencyId = officer.agencyId();
            notice.contactId = contact.id();
            notice.officerId = officer.id();
            notice.event = event;
            notice.reason = reason;
            notice.createdAt = now;
            notice.persist();
            outbox.enqueue(KIND, notice.id);
        }
        return contacts.size();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result deliver(UUID noticeId, int attempt) throws DeliveryFailed {
        RiskNotice notice = RiskNotice.findById(noticeId);
        ContactSummary contact = contactDirectory.find(notice.contactId).orElse(null);
        if (contact == null || contact.status() != AgencyContact.Status.ACTIVE) {
            return Result.OBSOLETE;
        }
        OfficerSummary officer = officers.find(notice.officerId).orElseThrow();
        AgencySummary agency = agencies.find(notice.agencyId).orElseThrow();
        if (contact.channel() == AgencyContact.Channel.EMAIL) {
            try {
                mailer.send(Mail.withText(contact.email(), "agency-verify: " + OneLineText.neutralized(officer.name()) + " was "
                        + (RiskNotice.REVOKED.equals(notice.event) ? "revoked" : "suspended"), text(notice, officer, agency))
                        .addHeader("Message-ID", "<rsk_" + notice.id + "@agency-verify>"));
            } catch (RuntimeException e) {
                throw new DeliveryFailed("smtp: " + e.getClass().getSimpleName());
            }
        } else {
            webhooks.post(contact, "rsk_" + notice.id, payload(notice, officer));
        }
        audit.record(Actor.SYSTEM, "risk.notice-delivered", "risk_notice", notice.id.toString(),
                Map.of("contactId", contact.id().toString(), "officerId", officer.id().toString(), "event", notice.event,
                        "attempts", attempt));
        return Result.DELIVERED;
    }

    @Override
    public void failedForGood(UUID noticeId, String reason) {
        audit.record(Actor.SYSTEM, "risk.notice-failed", "risk_notice", noticeId.toString(), Map.of("reason", reason));
    }

    /** Names people typed are one line by the input rule; neutralized again so a stored value can never start a line. */
    private static String text(RiskNotice notice, OfficerSummary officer, AgencySummary agency) {
        return """
                agency-verify %s the account of %s (%s) at %s.

                  Reason: %s
                  Since:  %s

                No trust token of this officer is vouched for any more, and no request of theirs is passed on.
                %s
                Reference: %s
                """.formatted(RiskNotice.REVOKED.equals(notice.event) ? "revoked" : "suspended", OneLineText.neutralized(officer.name()),
                OneLineText.neutralized(officer.email()), OneLineText.neutralized(agency.name()), notice.reason, notice.createdAt,
                RiskNotice.REVOKED.equals(notice.event)
                        ? "The account was reported compromised: enroll the officer anew once their mailbox and sign-in are safe."
                        : "If the officer is safe, an agency admin can reinstate them; if not, remove them.",
                notice.id);
    }

    private static Map<String, Object> payload(RiskNotice notice, OfficerSummary officer) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("noticeId", notice.id.toString());
        data.put("agencyId", notice.agencyId.toString());
        data.put("officer", Map.of("id", officer.id().toString(), "name", officer.name(), "email", officer.email()));
        data.put("reason", notice.reason);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", notice.event);
        payload.put("timestamp", notice.createdAt.toString());
        payload.put("data", data);
        return payload;
    }
}
