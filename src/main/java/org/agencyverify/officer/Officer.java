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

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
