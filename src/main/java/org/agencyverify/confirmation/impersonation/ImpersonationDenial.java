package org.agencyverify.confirmation.impersonation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;

/** One denied request that arrived by email, kept for the notice of its (agency, sender, UTC day). */
@Entity
@Table(name = "impersonation_denial")
public class ImpersonationDenial extends PanacheEntityBase {

    @Id
    @Column(name = "verification_id")
    public UUID verificationId;

    @Column(name = "agency_id", nullable = false)
    public UUID agencyId;

    /** The address the request named, lower-cased. */
    @Column(nullable = false)
    public String sender;

    /** The UTC day of the denial. */
    @Column(nullable = false)
    public LocalDate day;

    @Column(name = "portal_id", nullable = false)
    public UUID portalId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Purpose purpose;

    /** The portal's text: quoted as data wherever it is shown. */
    @Column(name = "case_reference", nullable = false)
    public String caseReference;

    @Column(name = "document_digest", columnDefinition = "bpchar(64)")
    public String documentDigest;

    @Column(name = "denied_at", nullable = false)
    public Instant deniedAt;

    /** The sender's denials at the agency that day so far, oldest first. */
    static List<ImpersonationDenial> of(UUID agencyId, String sender, LocalDate day) {
        return list("agencyId = ?1 and sender = ?2 and day = ?3 order by deniedAt, verificationId", agencyId, sender, day);
    }
}
