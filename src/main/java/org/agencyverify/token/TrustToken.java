package org.agencyverify.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A trust token the service signed: the record that the Redis index and revocation set are rebuilt from. */
@Entity
@Table(name = "trust_token")
public class TrustToken extends PanacheEntityBase {

    @Id
    public UUID jti;

    @Column(name = "verification_id", nullable = false)
    public UUID verificationId;

    /** Null for a confirmed sender who is not an enrolled officer. */
    @Column(name = "officer_id")
    public UUID officerId;

    /** The address the token vouches for (the officer's, or a confirmed sender's); null on tokens issued before it was kept. */
    public String email;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    @Column(name = "portal_id", nullable = false)
    public UUID portalId;

    @Column(nullable = false)
    public String audience;

    @Column(nullable = false)
    public String kid;

    /** sha-256 hex of the compact JWT. */
    @Column(name = "token_hash", nullable = false, columnDefinition = "bpchar(64)")
    public String tokenHash;

    /** The compact JWT, sealed: the starting portal may collect it again while it lives. */
    @Column(name = "token_sealed", nullable = false)
    public String tokenSealed;

    /** The RFC 7662 answer for an active token, as JSON. */
    @Column(nullable = false)
    public String introspection;

    @Column(name = "cnf_jkt")
    public String cnfJkt;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "not_before", nullable = false)
    public Instant notBefore;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason")
    public String revokedReason;

    /** Its index in the status list (null on tokens issued before the list existed). */
    @Column(name = "status_idx")
    public Integer statusIdx;

    @Version
    public long version;
}
