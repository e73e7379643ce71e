package org.agencyverify.officer;

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

/** A law-enforcement officer an agency enrolled, and their Keycloak user. */
@Entity
@Table(name = "officer")
public class Officer extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    /** Lower case. */
    @Column(nullable = false, unique = true)
    public String email;

    @Column(nullable = false)
    public String name;

    @Column(name = "badge_number", nullable = false)
    public String badgeNumber;

    @Column(name = "keycloak_user_id", nullable = false, unique = true)
    public String keycloakUserId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OfficerStatus status;

    /** Failed credential checks in a row; reset by a passed one (NIST SP 800-63B limit). */
    @Column(name = "consecutive_credential_failures", nullable = false)
    public int consecutiveCredentialFailures;

    /** Why the officer was last suspended or removed (an admin's action leaves it empty). */
    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
