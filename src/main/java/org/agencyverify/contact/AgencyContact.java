package org.agencyverify.contact;

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

/** Someone an agency registered to confirm requests, and the one channel they are reached on. */
@Entity
@Table(name = "agency_contact")
public class AgencyContact extends PanacheEntityBase {

    public enum Level { STANDARD, SUPERVISOR }

    public enum Channel { WEBHOOK, EMAIL }

    public enum SignatureScheme { ED25519, HMAC_SHA256 }

    public enum Status { PENDING, ACTIVE, REMOVED }

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String role;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Column(name = "webhook_url")
    public String webhookUrl;

    @Enumerated(EnumType.STRING)
    @Column(name = "signature_scheme")
    public SignatureScheme signatureScheme;

    @Column(name = "agency_public_key")
    public String agencyPublicKey;

    @Column(name = "hmac_secret_encrypted")
    public String hmacSecretEncrypted;

    public String email;

    @Column(name = "keycloak_user_id")
    public String keycloakUserId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "effective_at")
    public Instant effectiveAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** How many contacts can confirm for the agency right now. */
    public static long countActive(UUID agencyId) {
        return count("agencyId = ?1 and status = ?2", agencyId, Status.ACTIVE);
    }
}
