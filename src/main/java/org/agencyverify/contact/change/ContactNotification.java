package org.agencyverify.contact.change;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.agencyverify.common.outbox.OutboxNotice;

/**
 * Tell one existing contact about a proposed change, over its registered channel. Delivered through
 * the outbox ({@link ContactNoticeHandler}); this row keeps what the applier and the API read.
 */
@Entity
@Table(name = "contact_notification")
public class ContactNotification extends PanacheEntityBase implements OutboxNotice {

    public enum Status { PENDING, DELIVERED, FAILED }

    @Id
    public UUID id;

    @Column(name = "change_id", nullable = false)
    public UUID changeId;

    @Column(name = "contact_id", nullable = false)
    public UUID contactId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    @Override
    public boolean pending() {
        return status == Status.PENDING;
    }

    @Override
    public void attempted(int attempt) {
        attempts = attempt;
    }

    @Override
    public void attemptFailed(String reason) {
        lastError = reason;
    }

    @Override
    public void delivered(Instant at) {
        status = Status.DELIVERED;
        deliveredAt = at;
        lastError = null;
    }

    @Override
    public void failed() {
        status = Status.FAILED;
    }
}
