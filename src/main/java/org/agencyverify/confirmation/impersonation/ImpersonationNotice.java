package org.agencyverify.confirmation.impersonation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.agencyverify.common.outbox.OutboxNotice;

/**
 * Tell one ACTIVE contact of an agency that requests in a sender's name were denied on a UTC day: one
 * per (agency, sender, day, contact), queued at the day's first denial and delivered through the outbox
 * ({@link ImpersonationNoticeHandler}); this row keeps its delivery record.
 */
@Entity
@Table(name = "impersonation_notice")
public class ImpersonationNotice extends PanacheEntityBase implements OutboxNotice {

    /** CANCELLED: the contact was removed before the notice went out. */
    public enum Status { PENDING, DELIVERED, FAILED, CANCELLED }

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    @Column(nullable = false)
    public String sender;

    @Column(nullable = false)
    public LocalDate day;

    @Column(name = "contact_id", nullable = false)
    public UUID contactId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    /** How many denials the notice listed when it was sent. */
    @Column(name = "denials_reported")
    public Integer denialsReported;

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

    /** The webhook-id and Message-ID local part: the same on every retry, so receivers drop duplicates. */
    String deliveryId() {
        return "imp_" + id;
    }
}
