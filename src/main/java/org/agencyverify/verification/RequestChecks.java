package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyDomain;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerStatus;

/** The facts of checks 1 and 2 (agency, officer) and the agency's candidates for confirmation (check 4). */
@ApplicationScoped
public class RequestChecks {

    /**
     * The requester as far as checks 1 and 2 got: their {@link TrustRule.Standing}, {@code refusal} naming
     * the first that failed, and what was read of the agency and officer on the way.
     */
    public record Subject(TrustRule.Standing standing, String refusal, UUID agencyId, String agencyName, int emergencyApprovers,
            UUID officerId, String officerUserId, String officerName, String officerEmail) {}

    /** Reads only as far as the checks hold, as a refusal does not need the rest. */
    @Transactional
    public Subject agencyAndOfficer(String email, String domain) {
        String normalizedDomain = domain.toLowerCase(Locale.ROOT);
        String normalizedEmail = email.toLowerCase(Locale.ROOT);
        AgencyDomain claimed = AgencyDomain.<AgencyDomain>find("domain", normalizedDomain).firstResult();
        boolean proved = claimed != null && claimed.isProved();
        Agency agency = proved ? Agency.findById(claimed.agencyId) : null;
        boolean agencyActive = agency != null && agency.status == AgencyStatus.ACTIVE;
        int at = normalizedEmail.lastIndexOf('@');
        boolean atDomain = at >= 0 && normalizedEmail.substring(at + 1).equals(normalizedDomain);
        Officer officer = agencyActive && atDomain ? Officer.<Officer>find("email", normalizedEmail).firstResult() : null;
        boolean ofAgency = officer != null && officer.agencyId.equals(agency.id);
        boolean active = ofAgency && officer.status == OfficerStatus.ACTIVE;
        TrustRule.Standing standing = new TrustRule.Standing(claimed != null, proved, agencyActive, atDomain, ofAgency, active);
        String refusal = TrustRule.standing(standing).orElse(null);
        UUID agencyId = claimed == null ? null : claimed.agencyId;
        if (!ofAgency) {
            return new Subject(standing, refusal, agencyId, null, 1, null, null, null, null);
        }
        if (!active) {
            return new Subject(standing, refusal, agencyId, agency.name, agency.emergencyApprovers, officer.id, null, null, null);
        }
        return new Subject(standing, null, agencyId, agency.name, agency.emergencyApprovers, officer.id, officer.keycloakUserId,
                officer.name, officer.email);
    }

    /** The agency's ACTIVE contacts: the only ones who can ever be asked. */
    public List<ContactSelection.Candidate> activeContacts(UUID agencyId) {
        return AgencyContact.<AgencyContact>list("agencyId = ?1 and status = ?2", agencyId, AgencyContact.Status.ACTIVE)
                .stream()
                .map(c -> new ContactSelection.Candidate(c.id, ContactLevel.valueOf(c.level.name()), c.channel.name()))
                .toList();
    }
}
