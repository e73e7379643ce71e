package org.agencyverify.risk;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A finding stored on a verification: its name for the portal, its evidence for reviewers. */
@Entity
@Table(name = "risk_finding")
public class RiskFinding extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "verification_id", nullable = false)
    public UUID verificationId;

    @Column(name = "officer_id")
    public UUID officerId;

    @Column(nullable = false)
    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String evidence;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
