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

/** A contact change an agency admin proposed; applied after the cool-down once every notification was delivered. */
@Entity
@Table(name = "contact_change")
public class ContactChange extends PanacheEntityBase {

    public enum Action { ADD, REMOVE }

    public enum Status { PENDING, APPLIED, CANCELLED }

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Action action;

    @Column(name = "contact_id", nullable = false)
    public UUID contactId;

    @Column(name = "proposed_by", nullable = false)
    public String proposedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "effective_at", nullable = false)
    public Instant effectiveAt;

    @Column(name = "applied_at")
    public Instant appliedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;
}
