package org.agencyverify.contact.change;

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
import org.agencyverify.common.security.Roles;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A pending change to who confirms for an agency (a contact added or removed) or to how its officers
 * sign in (an identity provider linked or unlinked), proposed by an agency admin or an operator. It
 * applies after the cool-down once every notification was delivered, or at once when a second operator
 * approves an operator's change.
 */
@Entity
@Table(name = "contact_change")
public class ContactChange extends PanacheEntityBase {

    public enum Action { ADD, REMOVE, LINK_IDENTITY_PROVIDER, UNLINK_IDENTITY_PROVIDER }

    public enum Status { PENDING, APPLIED, CANCELLED }

    @Id
    public UUID id;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Action action;

    /** ADD, REMOVE: the contact. */
    @Column(name = "contact_id")
    public UUID contactId;

    /** LINK_IDENTITY_PROVIDER, UNLINK_IDENTITY_PROVIDER: the identity provider's alias. */
    @Column(name = "idp_alias")
    public String idpAlias;

    /** Identity-provider changes: the link's settings, never a secret (JSON). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String payload;

    /** LINK_IDENTITY_PROVIDER: the IdP's client secret, sealed, until the change applies or is cancelled. */
    @Column(name = "idp_client_secret_sealed")
    public String sealedSecret;

    /** The proposer as the audit names them, e.g. {@code operator:<keycloak subject>}. */
    @Column(name = "proposed_by", nullable = false)
    public String proposedBy;

    /** The second operator who approved it, if one did. */
    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "effective_at", nullable = false)
    public Instant effectiveAt;

    @Column(name = "applied_at")
    public Instant appliedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Version
    public long version;

    /** Whether an operator proposed it: only those a second operator may approve. */
    public boolean proposedByOperator() {
        return proposedBy.startsWith(Roles.OPERATOR + ":");
    }
}
