package org.agencyverify.provisioning;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What a SCIM client said about an officer that the officer feature does not keep: its directory id and name parts. */
@Entity
@Table(name = "scim_user")
public class ProvisionedUser extends PanacheEntityBase {

    @Id
    @Column(name = "officer_id")
    public UUID officerId;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    /** As the client sent it; the officer's email when they differ (Entra ID's userPrincipalName). */
    @Column(name = "user_name", nullable = false)
    public String userName;

    @Column(name = "external_id")
    public String externalId;

    @Column(name = "given_name")
    public String givenName;

    @Column(name = "family_name")
    public String familyName;

    public String formatted;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
