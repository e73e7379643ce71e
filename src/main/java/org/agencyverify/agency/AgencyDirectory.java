package org.agencyverify.agency;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What other features may ask about agencies and their domains without seeing the entities. Read in
 * the caller's transaction.
 */
@ApplicationScoped
public class AgencyDirectory {

    /** Who claims a domain, and whether the claim is proved (and still proving). */
    public record DomainClaim(UUID agencyId, boolean proved) {}

    /** A domain the agency once proved and whose proof the re-check found gone. */
    public record LostDomain(String domain, Instant proofLostAt) {}

    public Optional<AgencySummary> find(UUID agencyId) {
        return Agency.<Agency>findByIdOptional(agencyId).map(AgencySummary::of);
    }

    /** Whether the domain (lower case) is one of the agency's, proved and still proving. */
    public boolean isProvedDomain(UUID agencyId, String domain) {
        return AgencyDomain.<AgencyDomain>list("agencyId = ?1 and domain = ?2", agencyId, domain).stream()
                .anyMatch(AgencyDomain::isProved);
    }

    /** The agency's proved domains, in name order. */
    public List<String> provedDomains(UUID agencyId) {
        return AgencyDomain.<AgencyDomain>list("agencyId = ?1 order by domain", agencyId).stream()
                .filter(AgencyDomain::isProved).map(d -> d.domain).toList();
    }

    /** The claim on a domain (lower case), whichever agency made it; empty when none did. */
    public Optional<DomainClaim> claimOf(String domain) {
        return AgencyDomain.<AgencyDomain>find("domain", domain).firstResultOptional()
                .map(d -> new DomainClaim(d.agencyId, d.isProved()));
    }

    /** The agency's domains that were proved and have lost their proof since. */
    public List<LostDomain> lostDomains(UUID agencyId) {
        return AgencyDomain.<AgencyDomain>list("agencyId = ?1 and provedAt is not null and proofLostAt is not null", agencyId)
                .stream().map(d -> new LostDomain(d.domain, d.proofLostAt)).toList();
    }
}
