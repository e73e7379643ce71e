package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;

/** The facts of checks 1 and 2 (agency, officer) and the agency's candidates for confirmation (check 4). */
@ApplicationScoped
public class RequestChecks {

    private final AgencyDirectory agencies;
    private final OfficerDirectory officers;
    private final ContactDirectory contacts;

    RequestChecks(AgencyDirectory agencies, OfficerDirectory officers, ContactDirectory contacts) {
        this.agencies = agencies;
        this.officers = officers;
        this.contacts = contacts;
    }

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
        Optional<AgencyDirectory.DomainClaim> claimed = agencies.claimOf(normalizedDomain);
        boolean proved = claimed.map(AgencyDirectory.DomainClaim::proved).orElse(false);
        Optional<AgencySummary> agency = proved ? agencies.find(claimed.get().agencyId()) : Optional.empty();
        boolean agencyActive = agency.map(a -> a.status() == AgencyStatus.ACTIVE).orElse(false);
        int at = normalizedEmail.lastIndexOf('@');
        boolean atDomain = at >= 0 && normalizedEmail.substring(at + 1).equals(normalizedDomain);
        Optional<OfficerSummary> officer = agencyActive && atDomain ? officers.findByEmail(normalizedEmail) : Optional.empty();
        boolean ofAgency = officer.map(o -> o.agencyId().equals(agency.get().id())).orElse(false);
        boolean active = ofAgency && officer.get().active();
        TrustRule.Standing standing = new TrustRule.Standing(claimed.isPresent(), proved, agencyActive, atDomain, ofAgency, active);
        String refusal = TrustRule.standing(standing).orElse(null);
        UUID agencyId = claimed.map(AgencyDirectory.DomainClaim::agencyId).orElse(null);
        if (!ofAgency) {
            return new Subject(standing, refusal, agencyId, null, 1, null, null, null, null);
        }
        AgencySummary a = agency.get();
        OfficerSummary o = officer.get();
        if (!active) {
            return new Subject(standing, refusal, agencyId, a.name(), a.emergencyApprovers(), o.id(), null, null, null);
        }
        return new Subject(standing, null, agencyId, a.name(), a.emergencyApprovers(), o.id(), o.keycloakUserId(), o.name(), o.email());
    }

    /**
     * The claimed sender of an emailed request as far as check 1 goes: the domain, its agency, and the
     * officer with that address if the agency enrolled one (active or not; the trust rule never looks at
     * it, the contact is told).
     */
    public record Sender(boolean domainKnown, boolean domainProved, boolean agencyActive, UUID agencyId,
            int emergencyApprovers, UUID officerId, boolean officerActive) {}

    @Transactional
    public Sender sender(String email, String domain) {
        Optional<AgencyDirectory.DomainClaim> claimed = agencies.claimOf(domain);
        boolean proved = claimed.map(AgencyDirectory.DomainClaim::proved).orElse(false);
        Optional<AgencySummary> agency = proved ? agencies.find(claimed.get().agencyId()) : Optional.empty();
        boolean active = agency.map(a -> a.status() == AgencyStatus.ACTIVE).orElse(false);
        UUID agencyId = claimed.map(AgencyDirectory.DomainClaim::agencyId).orElse(null);
        if (!active) {
            return new Sender(claimed.isPresent(), proved, false, agencyId, 1, null, false);
        }
        Optional<OfficerSummary> officer = officers.findByEmail(email).filter(o -> o.agencyId().equals(agencyId));
        return new Sender(true, true, true, agencyId, agency.get().emergencyApprovers(), officer.map(OfficerSummary::id).orElse(null),
                officer.map(OfficerSummary::active).orElse(false));
    }

    /** The agency's ACTIVE contacts: the only ones who can ever be asked. */
    public List<ContactSelection.Candidate> activeContacts(UUID agencyId) {
        return contacts.active(agencyId).stream()
                .map(c -> new ContactSelection.Candidate(c.id(), ContactLevel.valueOf(c.level().name()), c.channel().name()))
                .toList();
    }
}
