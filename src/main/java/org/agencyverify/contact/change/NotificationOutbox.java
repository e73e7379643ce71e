package org.agencyverify.contact.change;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.security.Actor;
import org.agencyverify.contact.AgencyContact;

/**
 * Drains the notification outbox. Each notification is delivered in its own transaction while its
 * row is locked ({@code FOR UPDATE SKIP LOCKED}), so replicas never send the same one concurrently;
 * the notification id is the webhook-id receivers deduplicate on.
 */
@ApplicationScoped
public class NotificationOutbox {

    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final EntityManager entityManager;
    private final NotificationSender sender;
    private final AuditLog audit;
    private final ContactsConfig config;

    NotificationOutbox(EntityManager entityManager, NotificationSender sender, AuditLog audit, ContactsConfig config) {
        this.entityManager = entityManager;
        this.sender = sender;
        this.audit = audit;
        this.config = config;
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<UUID> due(int limit) {
        return entityManager.createNativeQuery("SELECT id FROM contact_notification WHERE status = 'PENDING'"
                + " AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ?1", UUID.class)
                .setParameter(1, limit).getResultList();
    }

    @Transactional
    public void deliver(UUID notificationId) {
        List<?> locked = entityManager.createNativeQuery("SELECT id FROM contact_notification WHERE id = ?1"
                + " AND status = 'PENDING' AND next_attempt_at <= now() FOR UPDATE SKIP LOCKED")
                .setParameter(1, notificationId).getResultList();
        if (locked.isEmpty()) {
            return;
        }
        ContactNotification notification = ContactNotification.findById(notificationId);
        ContactChange change = ContactChange.findById(notification.changeId);
        AgencyContact recipient = AgencyContact.findById(notification.contactId);
        AgencyContact subject = AgencyContact.findById(change.contactId);
        Agency agency = Agency.findById(change.agencyId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        notification.attempts++;
        try {
            sender.send(recipient, new ChangeNotice(notification.id.toString(), change, subject, agency.name));
            notification.status = ContactNotification.Status.DELIVERED;
            notification.deliveredAt = now;
            notification.lastError = null;
            audit.record(Actor.SYSTEM, "contact.notification-delivered", "contact_notification", notification.id.toString(),
                    Map.of("changeId", change.id.toString(), "contactId", recipient.id.toString(),
                            "channel", recipient.channel.name(), "attempts", notification.attempts));
        } catch (DeliveryFailed e) {
            notification.lastError = e.getMessage();
            if (notification.attempts >= config.maxAttempts()) {
                notification.status = ContactNotification.Status.FAILED;
                Log.warnf("Notification %s failed for good after %d attempts: %s", notification.id, notification.attempts, e.getMessage());
                audit.record(Actor.SYSTEM, "contact.notification-failed", "contact_notification", notification.id.toString(),
                        Map.of("changeId", change.id.toString(), "contactId", recipient.id.toString(), "reason", e.getMessage()));
            } else {
                notification.nextAttemptAt = now.plus(backoff(notification.attempts));
                Log.infof("Notification %s attempt %d failed (%s); next at %s", notification.id, notification.attempts,
                        e.getMessage(), notification.nextAttemptAt);
            }
        }
    }

    /** Exponential: base, 2 x base, 4 x base... at most an hour. */
    Duration backoff(int attempts) {
        Duration delay = config.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}
