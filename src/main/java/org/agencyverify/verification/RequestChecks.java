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

/** Checks 1 and 2 (agency, officer) and the agency's candidates for confirmation, read in one transaction. */
@ApplicationScoped
public class RequestChecks {

    /** The requester as far as checks 1 and 2 got; {@code refusal} names the first failed check. */
    public record Subject(String refusal, UUID agencyId, String agencyName, int emergencyApprovers, UUID officerId,
            String officerUserId, String officerName, String officerEmail) {
        static Subject refused(String reason, UUID agencyId) {
            return new Subject(reason, agencyId, null, 1, null, null, null, null);
        }
    }

    @Transactional
    public Subject agencyAndOfficer(String email, String domain) {
        String normalizedDomain = domain.toLowerCase(Locale.ROOT);
        String normalizedEmail = email.toLowerCase(Locale.ROOT);
        AgencyDomain claimed = AgencyDomain.<AgencyDomain>find("domain", normalizedDomain).firstResult();
        if (claimed == null) {
            return Subject.refused("domain-unknown", null);
        }
        if (!claimed.isProved()) {
            return Subject.refused("domain-not-proved", claimed.agencyId);
        }
        Agency agency = Agency.findById(claimed.agencyId);
        if (agency == null || agency.status != AgencyStatus.ACTIVE) {
            return Subject.refused("agency-not-active", claimed.agencyId);
        }
        int at = normalizedEmail.lastIndexOf('@');
        if (at < 0 || !normalizedEmail.substring(at + 1).equals(normalizedDomain)) {
            return Subject.refused("email-not-at-domain", agency.id);
        }
        Officer officer = Officer.<Officer>find("email", normalizedEmail).firstResult();
        if (officer == null || !officer.agencyId.equals(agency.id)) {
            return Subject.refused("officer-unknown", agency.id);
        }
        if (officer.status != OfficerStatus.ACTIVE) {
            return new Subject("officer-not-active", agency.id, agency.name, agency.emergencyApprovers, officer.id, null, null, null);
        }
        return new Subject(null, agency.id, agency.name, agency.emergencyApprovers, officer.id, officer.keycloakUserId,
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
