package org.agencyverify.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One security event for one portal, pushed as a signed SET through the outbox. */
@Entity
@Table(name = "security_event")
public class SecurityEvent extends PanacheEntityBase {

    public static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    public static final String ACCOUNT_DISABLED = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";

    @Id
    public UUID id;

    @Column(name = "portal_id", nullable = false)
    public UUID portalId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    /** SSF subject identifier, as JSON. */
    @Column(nullable = false)
    public String subject;

    @Column(nullable = false)
    public String reason;

    public UUID jti;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
