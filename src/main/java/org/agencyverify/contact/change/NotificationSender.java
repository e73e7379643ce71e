package org.agencyverify.contact.change;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactWebhooks;

/** Delivers one notice to one contact over its registered channel: email, or a signed webhook. */
@ApplicationScoped
public class NotificationSender {

    private final Mailer mailer;
    private final ContactWebhooks webhooks;

    NotificationSender(Mailer mailer, ContactWebhooks webhooks) {
        this.mailer = mailer;
        this.webhooks = webhooks;
    }

    void send(AgencyContact recipient, ChangeNotice notice) throws DeliveryFailed {
        if (recipient.channel == AgencyContact.Channel.EMAIL) {
            email(recipient, notice);
        } else {
            webhooks.post(recipient, notice.notificationId(), notice.payload(Instant.now()));
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
}
