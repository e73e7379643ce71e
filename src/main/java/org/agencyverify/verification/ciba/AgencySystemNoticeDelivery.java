package org.agencyverify.verification.ciba;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.OutboxHandler;
import org.agencyverify.common.security.Actor;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.contact.ContactWebhooks;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationState;

/**
 * Outbox handler: tells the agency's own systems (its ACTIVE webhook contacts) that one of its officers
 * is asked whether they sent an emailed request, so the agency can reach the officer its own way. A
 * notice only, signed as every webhook: it carries the page's link and no secret; nothing answers
 * through it. Each contact gets its own {@code webhook-id}, the same on every retry, so a system that
 * got it twice can tell.
 */
@ApplicationScoped
public class AgencySystemNoticeDelivery implements OutboxHandler {

    public static final String KIND = "officer-sent-check-agency";
    static final String EVENT_TYPE = "verification.officer_asked";

    private final ContactDirectory contacts;
    private final ContactWebhooks webhooks;
    private final OfficerDirectory officers;
    private final PortalDirectory portals;
    private final OfficerPages pages;
    private final AuditLog audit;

    AgencySystemNoticeDelivery(ContactDirectory contacts, ContactWebhooks webhooks, OfficerDirectory officers,
            PortalDirectory portals, OfficerPages pages, AuditLog audit) {
        this.contacts = contacts;
        this.webhooks = webhooks;
        this.officers = officers;
        this.portals = portals;
        this.pages = pages;
        this.audit = audit;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result deliver(UUID verificationId, int attempt) throws DeliveryFailed {
        Verification v = Verification.findById(verificationId);
        if (v == null || v.state != VerificationState.PENDING_CONFIRMATION || v.officerProof != Verification.OfficerProof.PENDING
                || !v.expiresAt.isAfter(Instant.now())) {
            return Result.OBSOLETE;
        }
        OfficerSummary officer = officers.find(v.officerId).filter(OfficerSummary::active).orElse(null);
        List<ContactSummary> systems = contacts.active(v.agencyId).stream()
                .filter(c -> c.channel() == AgencyContact.Channel.WEBHOOK).toList();
        if (officer == null || systems.isEmpty()) {
            return Result.OBSOLETE;
        }
        Map<String, Object> payload = payload(v, officer, pages.link(v.id, officer), Instant.now());
        for (ContactSummary system : systems) {
            webhooks.post(system, "sent_" + v.id + "_" + system.id(), payload);
        }
        audit.record(Actor.SYSTEM, "verification.agency-system-notified", "verification", v.id.toString(),
                Map.of("officerId", officer.id().toString(), "agencyId", v.agencyId.toString(),
                        "contacts", systems.stream().map(c -> c.id().toString()).toList(), "attempts", attempt));
        return Result.DELIVERED;
    }

    @Override
    public void failedForGood(UUID verificationId, String reason) {
        audit.record(Actor.SYSTEM, "verification.agency-system-notice-failed", "verification", verificationId.toString(),
                Map.of("reason", reason));
    }

    private Map<String, Object> payload(Verification v, OfficerSummary officer, String page, Instant now) {
        PortalDirectory.PortalFacts portal = portals.byId(v.portalId).orElseThrow();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("verificationId", v.id.toString());
        data.put("agencyId", v.agencyId.toString());
        data.put("officer", Map.of("id", officer.id().toString(), "name", officer.name(), "email", officer.email()));
        data.put("portal", Map.of("name", portal.name(), "audience", portal.audience()));
        data.put("purpose", v.purpose.name());
        data.put("caseReference", v.caseReference);
        data.put("documentDigest", v.documentDigest);
        data.put("bindingCode", v.bindingCode);
        data.put("page", page);
        data.put("expiresAt", v.expiresAt.toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", EVENT_TYPE);
        body.put("timestamp", now.toString());
        body.put("data", data);
        return body;
    }
}
