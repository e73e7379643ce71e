package org.agencyverify.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.agencyverify.contact.webhook.Ed25519Keys;
import org.agencyverify.common.crypto.StoredSecrets;
import org.agencyverify.contact.webhook.WebhookSecrets;
import org.agencyverify.common.net.OutboundHttp;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.contact.change.ContactsConfig;
import org.agencyverify.contact.webhook.StandardWebhooks;
import org.agencyverify.contact.webhook.WebhookSigner;

/**
 * Standard Webhooks with a contact's agency system, both ways, with the credential fixed at
 * enrollment: to the contact, signed with its HMAC secret or with the service's Ed25519 key; from the
 * contact, checked with the same HMAC secret or with the Ed25519 public key the agency registered.
 */
@ApplicationScoped
public class ContactWebhooks {

    private final StoredSecrets secrets;
    private final WebhookSigner signer;
    private final OutboundHttp http;
    private final ObjectMapper json;
    private final ContactsConfig config;

    ContactWebhooks(StoredSecrets secrets, WebhookSigner signer, OutboundHttp http, ObjectMapper json, ContactsConfig config) {
        this.secrets = secrets;
        this.signer = signer;
        this.http = http;
        this.json = json;
        this.config = config;
    }

    /** {@link #post(ContactSummary, String, Object)} for callers in the contact feature, which hold the row. */
    public void post(AgencyContact recipient, String webhookId, Object payload) throws DeliveryFailed {
        post(ContactSummary.of(recipient), webhookId, payload);
    }

    /**
     * POSTs {@code payload} as JSON to the contact's registered endpoint, resolved and checked again now and
     * connected to at the address that was checked; anything but a 2xx (a redirect included) is a failure.
     */
    public void post(ContactSummary recipient, String webhookId, Object payload) throws DeliveryFailed {
        if (recipient.channel() != AgencyContact.Channel.WEBHOOK || recipient.webhookUrl() == null) {
            throw new DeliveryFailed("webhook: contact has no webhook channel");
        }
        long timestamp = Instant.now().getEpochSecond();
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String signature = recipient.signatureScheme() == AgencyContact.SignatureScheme.HMAC_SHA256
                ? StandardWebhooks.hmac(hmacKey(recipient), webhookId, timestamp, body)
                : signer.sign(webhookId, timestamp, body);
        http.post("webhook", recipient.webhookUrl(), Map.of(
                "Content-Type", "application/json",
                StandardWebhooks.ID, webhookId,
                StandardWebhooks.TIMESTAMP, String.valueOf(timestamp),
                StandardWebhooks.SIGNATURE, signature), body, config.deliveryTimeout());
    }

    /** Whether the contact's own credential signed this message. A contact without a webhook channel signs nothing. */
    public boolean signedBy(ContactSummary contact, String webhookId, long timestamp, String body, String signatureHeader) {
        if (contact.channel() != AgencyContact.Channel.WEBHOOK || contact.signatureScheme() == null || signatureHeader == null) {
            return false;
        }
        if (contact.signatureScheme() == AgencyContact.SignatureScheme.HMAC_SHA256) {
            return contact.sealedHmacSecret() != null
                    && StandardWebhooks.verifyHmac(hmacKey(contact), webhookId, timestamp, body, signatureHeader);
        }
        Optional<PublicKey> key = contact.agencyPublicKey() == null ? Optional.empty() : Ed25519Keys.parse(contact.agencyPublicKey());
        return key.isPresent() && StandardWebhooks.verifyEd25519(key.get(), webhookId, timestamp, body, signatureHeader);
    }

    private byte[] hmacKey(ContactSummary contact) {
        return WebhookSecrets.keyBytes(secrets.open(contact.sealedHmacSecret(), ContactEnrollment.hmacContext(contact.id())));
    }
}
