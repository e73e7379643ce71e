package org.agencyverify.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import org.agencyverify.common.crypto.Ed25519Keys;
import org.agencyverify.common.crypto.StoredSecrets;
import org.agencyverify.common.crypto.WebhookSecrets;
import org.agencyverify.common.net.OutboundUrls;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.webhook.StandardWebhooks;
import org.agencyverify.common.webhook.WebhookSigner;
import org.agencyverify.contact.change.ContactsConfig;

/**
 * Standard Webhooks with a contact's agency system, both ways, with the credential fixed at
 * enrollment: to the contact, signed with its HMAC secret or with the service's Ed25519 key; from the
 * contact, checked with the same HMAC secret or with the Ed25519 public key the agency registered.
 */
@ApplicationScoped
public class ContactWebhooks {

    private final StoredSecrets secrets;
    private final WebhookSigner signer;
    private final OutboundUrls urls;
    private final ObjectMapper json;
    private final ContactsConfig config;
    private final HttpClient http;

    ContactWebhooks(StoredSecrets secrets, WebhookSigner signer, OutboundUrls urls, ObjectMapper json, ContactsConfig config) {
        this.secrets = secrets;
        this.signer = signer;
        this.urls = urls;
        this.json = json;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.deliveryTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** POSTs {@code payload} as JSON to the contact's registered endpoint; anything but a 2xx is a failure. */
    public void post(AgencyContact recipient, String webhookId, Object payload) throws DeliveryFailed {
        if (recipient.channel != AgencyContact.Channel.WEBHOOK || recipient.webhookUrl == null) {
            throw new DeliveryFailed("webhook: contact has no webhook channel");
        }
        // Checked again at send time: the URL was safe at enrollment, its DNS may have changed since.
        if (!urls.isSafe(recipient.webhookUrl)) {
            throw new DeliveryFailed("webhook: url no longer safe");
        }
        long timestamp = Instant.now().getEpochSecond();
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String signature = recipient.signatureScheme == AgencyContact.SignatureScheme.HMAC_SHA256
                ? StandardWebhooks.hmac(hmacKey(recipient), webhookId, timestamp, body)
                : signer.sign(webhookId, timestamp, body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(recipient.webhookUrl))
                .timeout(config.deliveryTimeout())
                .header("Content-Type", "application/json")
                .header(StandardWebhooks.ID, webhookId)
                .header(StandardWebhooks.TIMESTAMP, String.valueOf(timestamp))
                .header(StandardWebhooks.SIGNATURE, signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryFailed("webhook: HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new DeliveryFailed("webhook: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("webhook: interrupted");
        }
    }

    /** Whether the contact's own credential signed this message. A contact without a webhook channel signs nothing. */
    public boolean signedBy(AgencyContact contact, String webhookId, long timestamp, String body, String signatureHeader) {
        if (contact.channel != AgencyContact.Channel.WEBHOOK || contact.signatureScheme == null || signatureHeader == null) {
            return false;
        }
        if (contact.signatureScheme == AgencyContact.SignatureScheme.HMAC_SHA256) {
            return contact.hmacSecretEncrypted != null
                    && StandardWebhooks.verifyHmac(hmacKey(contact), webhookId, timestamp, body, signatureHeader);
        }
        Optional<PublicKey> key = contact.agencyPublicKey == null ? Optional.empty() : Ed25519Keys.parse(contact.agencyPublicKey);
        return key.isPresent() && StandardWebhooks.verifyEd25519(key.get(), webhookId, timestamp, body, signatureHeader);
    }

    private byte[] hmacKey(AgencyContact contact) {
        return WebhookSecrets.keyBytes(secrets.open(contact.hmacSecretEncrypted, ContactEnrollment.hmacContext(contact.id)));
    }
}
