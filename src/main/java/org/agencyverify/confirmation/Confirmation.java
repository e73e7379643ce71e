package org.agencyverify.confirmation;

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
import org.agencyverify.verification.ContactLevel;

/** One registered contact asked to confirm one verification; delivered through the outbox. */
@Entity
@Table(name = "confirmation")
public class Confirmation extends PanacheEntityBase {

    public enum Status { PENDING, SENT, ANSWERED, EXPIRED, CANCELLED }

    public enum Decision { APPROVE, DENY }

    @Id
    public UUID id;

    @Column(name = "verification_id", nullable = false)
    public UUID verificationId;

    @Column(name = "contact_id", nullable = false)
    public UUID contactId;

    /** Copied from the contact's registration: never from the request. */
    @Column(nullable = false)
    public String channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ContactLevel level;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** SHA-256 of the webhook channel's one-time secret (the secret itself is never stored). */
    @Column(name = "secret_hash")
    public String secretHash;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @Enumerated(EnumType.STRING)
    public Decision decision;

    /** Why the contact decided as it did, in its own words (optional). */
    public String reason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;
}
