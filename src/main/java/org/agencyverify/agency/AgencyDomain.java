package org.agencyverify.agency;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A domain an agency claims, with the DNS challenge that proves (and keeps proving) it owns it. */
@Entity
@Table(name = "agency_domain")
public class AgencyDomain extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    /** Lower case, no trailing dot. */
    @Column(nullable = false, unique = true)
    public String domain;

    @Column(name = "challenge_token")
    public String challengeToken;

    @Column(name = "challenge_expires_at")
    public Instant challengeExpiresAt;

    @Column(name = "proved_at")
    public Instant provedAt;

    @Column(name = "last_checked_at")
    public Instant lastCheckedAt;

    @Column(name = "proof_lost_at")
    public Instant proofLostAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    /** Proved, and the latest re-check still found the record. */
    public boolean isProved() {
        return provedAt != null && proofLostAt == null;
    }
}
