package org.agencyverify.confirmation;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactWebhooks;

/**
 * Asks the agency's own system, at the endpoint registered at enrollment, signed per Standard Webhooks.
 * The webhook-id is the same on every retry, so the agency's system can drop duplicates.
 */
@ApplicationScoped
public class WebhookConfirmationChannel implements ConfirmationChannel {

    public static final String EVENT_TYPE = "verification.confirmation_requested";

    private final ContactWebhooks webhooks;

    WebhookConfirmationChannel(ContactWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public AgencyContact.Channel channel() {
        return AgencyContact.Channel.WEBHOOK;
    }

    @Override
    public void deliver(ConfirmationRequest request) throws DeliveryFailed {
        webhooks.post(request.contact(), webhookId(request), payload(request, Instant.now()));
    }

    public static String webhookId(ConfirmationRequest request) {
        return "cnf_" + request.confirmationId();
    }

    static Map<String, Object> payload(ConfirmationRequest request, Instant now) {
        Map<String, Object> officer = new LinkedHashMap<>();
        officer.put("id", request.officerId() == null ? null : request.officerId().toString());
        officer.put("name", request.officerName());
        officer.put("email", request.officerEmail());
        Map<String, Object> portal = new LinkedHashMap<>();
        portal.put("name", request.portalName());
        portal.put("audience", request.portalAudience());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("confirmationId", request.confirmationId().toString());
        data.put("verificationId", request.verificationId().toString());
        data.put("agencyId", request.agencyId().toString());
        data.put("contactId", request.contact().id().toString());
        data.put("kind", request.senderConfirmation() ? "sender-confirmation" : "officer-request");
        if (request.senderConfirmation()) {
            // An emailed request: nobody authenticated the sender; the agency says whether they are its own.
            data.put("question", ConfirmationRequest.Sender.QUESTION);
            Map<String, Object> sender = new LinkedHashMap<>();
            sender.put("email", request.sender().email());
            sender.put("standing", request.sender().standing().name());
            data.put("sender", sender);
        }
        data.put("officer", officer);
        data.put("portal", portal);
        data.put("purpose", request.purpose().name());
        data.put("caseReference", request.caseReference());
        data.put("documentDigest", request.documentDigest());
        data.put("bindingCode", request.bindingCode());
        data.put("bindingMessage", request.bindingMessage());
        data.put("expiresAt", request.expiresAt().toString());
        data.put("respondTo", request.respondTo());
        data.put("secret", request.secret());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", EVENT_TYPE);
        payload.put("timestamp", now.toString());
        payload.put("data", data);
        return payload;
    }
}
