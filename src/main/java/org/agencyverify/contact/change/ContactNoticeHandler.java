package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.OutboxHandler;
import org.agencyverify.common.security.Actor;
import org.agencyverify.contact.AgencyContact;

/**
 * Delivers contact-change notices from the outbox (subject: a {@link ContactNotification} id, which is
 * also the webhook-id and Message-ID receivers deduplicate on) and keeps the notification's status,
 * attempts and last error, which the change applier and the API read. Retried per
 * {@code agency-verify.contacts.retry-backoff} / {@code max-attempts}.
 */
@ApplicationScoped
public class ContactNoticeHandler implements OutboxHandler {

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
    public Result deliver(UUID notificationId, int attempt) throws DeliveryFailed {
        ContactNotification notification = ContactNotification.findById(notificationId, LockModeType.PESSIMISTIC_WRITE);
        if (notification == null || notification.status != ContactNotification.Status.PENDING) {
            return Result.OBSOLETE;
        }
        ContactChange change = ContactChange.findById(notification.changeId);
        AgencyContact recipient = AgencyContact.findById(notification.contactId);
        // The agency row outlives its changes (a foreign key): it is there.
        String agencyName = agencies.find(change.agencyId).orElseThrow().name();
        notification.attempts = attempt;
        try {
            sender.send(recipient, new ChangeNotice(notification.id.toString(), change, kinds.of(change).subject(PendingChange.of(change)), agencyName));
        } catch (DeliveryFailed e) {
            notification.lastError = e.getMessage();
            throw e;
        }
        notification.status = ContactNotification.Status.DELIVERED;
        notification.deliveredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        notification.lastError = null;
        audit.record(Actor.SYSTEM, "contact.notification-delivered", "contact_notification", notification.id.toString(),
                Map.of("changeId", change.id.toString(), "contactId", recipient.id.toString(),
                        "channel", recipient.channel.name(), "attempts", notification.attempts));
        return Result.DELIVERED;
    }

    @Override
    public void failedForGood(UUID notificationId, String reason) {
        ContactNotification notification = ContactNotification.findById(notificationId);
        notification.status = ContactNotification.Status.FAILED;
        audit.record(Actor.SYSTEM, "contact.notification-failed", "contact_notification", notification.id.toString(),
                Map.of("changeId", notification.changeId.toString(), "contactId", notification.contactId.toString(),
                        "reason", reason));
    }
}
