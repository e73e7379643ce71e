package org.agencyverify.federation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** An agency's own OIDC identity provider, brokered by Keycloak (its secret stays in Keycloak). */
@Entity
@Table(name = "agency_identity_provider")
public class AgencyIdentityProvider extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    @Column(nullable = false, unique = true)
    public String alias;

    @Column(nullable = false)
    public String issuer;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(nullable = false)
    public String domain;

    @Column(name = "sync_mode", nullable = false)
    public String syncMode;

    /** The acr values of the agency's sign-ins it accepts, space-separated (see {@link #acceptedAcr()}). */
    @Column(name = "accepted_acr", nullable = false)
    public String acceptedAcr = "";

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    /** The acr values the IdP was linked with (empty: none, so no federated token of it counts). */
    public Set<String> acceptedAcr() {
        return acceptedAcr == null || acceptedAcr.isBlank() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(acceptedAcr.trim().split(" +")));
    }
}
