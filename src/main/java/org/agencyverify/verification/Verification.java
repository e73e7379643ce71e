package org.agencyverify.verification;

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
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.risk.RiskDecision;

/** One request of a portal to vouch for a requester, and where it stands. */
@Entity
@Table(name = "verification")
public class Verification extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "portal_id", nullable = false)
    public UUID portalId;

    @Column(nullable = false)
    public String audience;

    @Column(name = "requester_email", nullable = false)
    public String requesterEmail;

    @Column(name = "requester_domain", nullable = false)
    public String requesterDomain;

    @Column(name = "agency_id")
    public UUID agencyId;

    /** Null when the request was rejected before an officer was found. */
    @Column(name = "officer_id")
    public UUID officerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Purpose purpose;

    @Column(name = "case_reference", nullable = false)
    public String caseReference;

    @Column(name = "document_digest", columnDefinition = "bpchar(64)")
    public String documentDigest;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public VerificationState state;

    @Enumerated(EnumType.STRING)
    @Column(name = "credential_kind", nullable = false)
    public CredentialKind credentialKind;

    public String acr;

    /** JSON array. */
    public String amr;

    @Column(name = "binding_code", nullable = false)
    public String bindingCode;

    @Column(name = "binding_message", nullable = false)
    public String bindingMessage;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** Distinct contacts that must approve: 1, or 2 for emergencies of agencies that ask for two. */
    @Column(name = "approvals_needed", nullable = false)
    public int approvalsNeeded = 1;

    /** RFC 7638 thumbprint of the requester's DPoP key, when it proved one at the start (RFC 9449). */
    @Column(name = "dpop_jkt")
    public String dpopJkt;

    /** The network the start came from (e.g. 192.0.2.0/24): the prefix only, never the full address. */
    @Column(name = "source_network")
    public String sourceNetwork;

    /** What the risk policy decided once checks 1-3 passed; null when a check failed first. */
    @Enumerated(EnumType.STRING)
    @Column(name = "risk_decision")
    public RiskDecision riskDecision;

    /** How the portal started it: the REST API with credentials, or CIBA for a request that arrived by email. */
    public enum Origin { API, CIBA }

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Origin origin = Origin.API;

    /** SHA-256 (hex) of a CIBA start's auth_req_id; the id itself is never stored. */
    @Column(name = "ciba_request_hash", columnDefinition = "bpchar(64)")
    public String cibaRequestHash;

    /**
     * For an emailed request from an ACTIVE officer's address: PENDING until the officer signed in and
     * said they sent it (the contacts are asked only then), CONFIRMED after. Null otherwise.
     */
    public enum OfficerProof { PENDING, CONFIRMED }

    @Enumerated(EnumType.STRING)
    @Column(name = "officer_proof")
    public OfficerProof officerProof;

    /** What the portal reported it did with the request it had a token for. */
    public enum PortalOutcome { ACCEPTED, REFUSED }

    @Enumerated(EnumType.STRING)
    @Column(name = "portal_outcome")
    public PortalOutcome portalOutcome;

    @Column(name = "portal_outcome_reason")
    public String portalOutcomeReason;

    @Column(name = "portal_outcome_at")
    public Instant portalOutcomeAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** Moves the state by the rule of {@link VerificationState}; throws for any other move. */
    public void moveTo(VerificationState target, Instant now) {
        state = state.moveTo(target);
        updatedAt = now;
    }
}
