package org.agencyverify.portal;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A relying party: calls the verify API with its Keycloak client and receives trust tokens for its audience. */
@Entity
@Table(name = "portal")
public class Portal extends PanacheEntityBase {

    public enum Status { ACTIVE, SUSPENDED }

    /** The subject type of portals in the audit log. */
    static final String AUDIT_SUBJECT = "portal";

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** The {@code aud} of trust tokens issued for this portal. */
    @Column(nullable = false, unique = true)
    public String audience;

    @Column(name = "keycloak_client_id", nullable = false, unique = true)
    public String keycloakClientId;

    @Column(name = "keycloak_client_uuid", nullable = false)
    public String keycloakClientUuid;

    @Column(name = "event_endpoint")
    public String eventEndpoint;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** What the audit log keeps of a portal, before and after a change. */
    Map<String, Object> snapshot() {
        Map<String, Object> map = new HashMap<>();
        map.put("name", name);
        map.put("audience", audience);
        map.put("clientId", keycloakClientId);
        map.put("eventEndpoint", eventEndpoint);
        map.put("status", status.name());
        return map;
    }
}
