package org.agencyverify.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** One ES256 key of the service; the private part sealed under the key-encryption key. */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    public enum Status { NEXT, ACTIVE, RETIRED, REMOVED }

    @Id
    public String kid;

    @Column(nullable = false)
    public String algorithm;

    @Column(name = "public_jwk", nullable = false)
    public String publicJwk;

    @Column(name = "private_key_sealed", nullable = false)
    public String privateKeySealed;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    /** RETIRED keys stay in the JWKS until then: every token they signed has expired. */
    @Column(name = "publish_until")
    public Instant publishUntil;

    @Version
    public long version;
}
