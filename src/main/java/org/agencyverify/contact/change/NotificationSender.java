package org.agencyverify.contact.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.agencyverify.common.crypto.StoredSecrets;
import org.agencyverify.common.crypto.WebhookSecrets;
import org.agencyverify.common.net.OutboundUrls;
import org.agencyverify.common.webhook.StandardWebhooks;
import org.agencyverify.common.webhook.WebhookSigner;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactEnrollment;

/** Delivers one notice to one contact over its registered channel: email, or a signed webhook. */
@ApplicationScoped
public class NotificationSender {

    /** A delivery that did not happen, with a short reason code safe to store. */
    static final class DeliveryFailed extends Exception {
        DeliveryFailed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Mailer mailer;
    private final StoredSecrets secrets;
    private final WebhookSigner signer;
    private final OutboundUrls urls;
    private final ObjectMapper json;
    private final ContactsConfig config;
    private final HttpClient http;

    NotificationSender(Mailer mailer, StoredSecrets secrets, WebhookSigner signer, OutboundUrls urls, ObjectMapper json,
            ContactsConfig config) {
        this.mailer = mailer;
        this.secrets = secrets;
        this.signer = signer;
        this.urls = urls;
        this.json = json;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.deliveryTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void send(AgencyContact recipient, ChangeNotice notice) throws DeliveryFailed {
        if (recipient.channel == AgencyContact.Channel.EMAIL) {
            email(recipient, notice);
        } else {
            webhook(recipient, notice);
        }
    }

    private void email(AgencyContact recipient, ChangeNotice notice) throws DeliveryFailed {
        try {
            mailer.send(Mail.withText(recipient.email, notice.subjectLine(), notice.text())
                    .addHeader("Message-ID", "<" + notice.notificationId() + "@agency-verify>"));
        } catch (RuntimeException e) {
            throw new DeliveryFailed("smtp: " + e.getClass().getSimpleName());
        }
    }

    private void webhook(AgencyContact recipient, ChangeNotice notice) throws DeliveryFailed {
        if (!urls.isSafe(recipient.webhookUrl)) {
            throw new DeliveryFailed("webhook: url no longer safe");
        }
        Instant now = Instant.now();
        long timestamp = now.getEpochSecond();
        String body;
        try {
            body = json.writeValueAsString(notice.payload(now));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String signature = recipient.signatureScheme == AgencyContact.SignatureScheme.HMAC_SHA256
                ? StandardWebhooks.hmac(WebhookSecrets.keyBytes(secrets.open(recipient.hmacSecretEncrypted,
                        ContactEnrollment.hmacContext(recipient.id))), notice.notificationId(), timestamp, body)
                : signer.sign(notice.notificationId(), timestamp, body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(recipient.webhookUrl))
                .timeout(config.deliveryTimeout())
                .header("Content-Type", "application/json")
                .header(StandardWebhooks.ID, notice.notificationId())
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
}
