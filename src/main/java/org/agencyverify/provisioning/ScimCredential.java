package org.agencyverify.provisioning;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An agency's one SCIM bearer credential: only the SHA-256 of its secret is kept. */
@Entity
@Table(name = "scim_credential")
public class ScimCredential extends PanacheEntityBase {

    @Id
    @Column(name = "agency_id")
    public UUID agencyId;

    /** Named in the token, so the row is found without comparing secrets. */
    @Column(nullable = false, unique = true)
    public UUID id;

    @Column(name = "secret_hash", nullable = false)
    public byte[] secretHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The audit trail's name of who created it ({@code kind:id}). */
    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
