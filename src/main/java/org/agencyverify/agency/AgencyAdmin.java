package org.agencyverify.agency;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person who administers one agency (a Keycloak user with the agency-admin role). */
@Entity
@Table(name = "agency_admin")
public class AgencyAdmin extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    @Column(name = "keycloak_user_id", nullable = false, unique = true)
    public String keycloakUserId;

    @Column(nullable = false, unique = true)
    public String email;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
