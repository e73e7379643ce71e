package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.NoticeHandler;
import org.agencyverify.common.security.Actor;
import org.agencyverify.contact.AgencyContact;

/**
 * Delivers contact-change notices from the outbox (subject: a {@link ContactNotification} id, which is
 * also the webhook-id and Message-ID receivers deduplicate on) and keeps the notification's status,
 * attempts and last error, which the change applier and the API read. Retried per
 * {@code agency-verify.contacts.retry-backoff} / {@code max-attempts}.
 */
@ApplicationScoped
public class ContactNoticeHandler extends NoticeHandler<ContactNotification> {

    public static final String KIND = "contact-change-notice";

    private final NotificationSender sender;
    private final AuditLog audit;
    private final ContactsConfig config;
    private final ChangeKinds kinds;
    private final AgencyDirectory agencies;

    ContactNoticeHandler(NotificationSender sender, AuditLog audit, ContactsConfig config, ChangeKinds kinds,
            AgencyDirectory agencies) {
        this.kinds = kinds;
        this.agencies = agencies;
        this.sender = sender;
        this.audit = audit;
        this.config = config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Optional<RetryPolicy> retryPolicy() {
        return Optional.of(RetryPolicy.upToAnHour(config.maxAttempts(), config.retryBackoff()));
    }

    @Override
    protected ContactNotification find(UUID notificationId, LockModeType lock) {
        return ContactNotification.findById(notificationId, lock);
    }

    @Override
    protected void send(ContactNotification notification) throws DeliveryFailed {
        ContactChange change = ContactChange.findById(notification.changeId);
        // The agency row outlives its changes (a foreign key): it is there.
        String agencyName = agencies.find(change.agencyId).orElseThrow().name();
        sender.send(recipient(notification),
                new ChangeNotice(notification.id.toString(), change, kinds.of(change).subject(PendingChange.of(change)), agencyName));
    }

    @Override
    protected void recordDelivered(ContactNotification notification) {
        AgencyContact recipient = recipient(notification);
        audit.record(Actor.SYSTEM, "contact.notification-delivered", "contact_notification", notification.id.toString(),
                Map.of("changeId", notification.changeId.toString(), "contactId", recipient.id.toString(),
                        "channel", recipient.channel.name(), "attempts", notification.attempts));
    }

    @Override
    protected void recordFailed(ContactNotification notification, String reason) {
        audit.record(Actor.SYSTEM, "contact.notification-failed", "contact_notification", notification.id.toString(),
                Map.of("changeId", notification.changeId.toString(), "contactId", notification.contactId.toString(),
                        "reason", reason));
    }

    /** Loaded once per transaction: the persistence context answers the second look. */
    private static AgencyContact recipient(ContactNotification notification) {
        return AgencyContact.findById(notification.contactId);
    }
}
