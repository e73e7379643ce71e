package org.agencyverify.risk;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An agency admin's or contact's report that an officer's account is compromised. */
@Entity
@Table(name = "compromise_report")
public class CompromiseReport extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    @Column(name = "officer_id", nullable = false)
    public UUID officerId;

    /** Lower case; the finding follows the mailbox, whatever officer row it is enrolled under later. */
    @Column(name = "officer_email", nullable = false)
    public String officerEmail;

    /** The actor, e.g. {@code agency-admin:<keycloak id>} or {@code contact:<contact id>}. */
    @Column(name = "reported_by", nullable = false)
    public String reportedBy;

    public String reason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
