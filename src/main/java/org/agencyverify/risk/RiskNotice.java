package org.agencyverify.risk;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Tells one ACTIVE contact of the agency that an officer was suspended or revoked; sent through the outbox. */
@Entity
@Table(name = "risk_notice")
public class RiskNotice extends PanacheEntityBase {

    public static final String SUSPENDED = "officer.suspended";
    public static final String REVOKED = "officer.revoked";

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    @Column(name = "contact_id", nullable = false)
    public UUID contactId;

    @Column(name = "officer_id", nullable = false)
    public UUID officerId;

    @Column(nullable = false)
    public String event;

    @Column(nullable = false)
    public String reason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
