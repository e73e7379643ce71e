package org.agencyverify.agency;

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

/** A law-enforcement agency (or court) and its standing with the service. */
@Entity
@Table(name = "agency")
public class Agency extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** What kind of body it is, e.g. CITY, COUNTY, STATE, FEDERAL, TRIBAL (the .gov registry's types). */
    @Column(nullable = false)
    public String kind;

    /** ISO 3166-1 alpha-2. */
    @Column(nullable = false, columnDefinition = "bpchar(2)")
    public String country;

    /** State or province, e.g. an ISO 3166-2 subdivision or the registry's state code. */
    public String region;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AgencyStatus status;

    @Column(name = "keycloak_org_id", unique = true)
    public String keycloakOrgId;

    @Column(nullable = false)
    public String source;

    /** How many supervisor contacts must approve an emergency request (1 or 2), the agency's choice. */
    @Column(name = "emergency_approvers", nullable = false)
    public int emergencyApprovers = 1;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
