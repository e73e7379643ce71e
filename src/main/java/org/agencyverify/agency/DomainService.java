package org.agencyverify.agency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.DomainDtos.DomainView;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;

/** Claims a domain for an agency, issues its DNS challenge and proves it by a real lookup. */
@ApplicationScoped
public class DomainService {

    /** A claimed domain, and whether this call created it (or renewed its challenge). */
    public record Claimed(DomainView domain, boolean created) {}

    private final AuditLog audit;
    private final AgencyOrganizations organizations;
    private final DnsTxtLookup dns;
    private final AgencyConfig config;

    DomainService(AuditLog audit, AgencyOrganizations organizations, DnsTxtLookup dns, AgencyConfig config) {
        this.audit = audit;
        this.organizations = organizations;
        this.dns = dns;
        this.config = config;
    }

    /** Claims {@code domain} for the agency with a new challenge; an unproved claim gets a fresh challenge. */
    @Transactional
    public Optional<Claimed> claim(Caller caller, UUID agencyId, String input) {
        if (Agency.findByIdOptional(agencyId).isEmpty()) {
            return Optional.empty();
        }
        String domain = DomainNames.normalize(input).orElseThrow(() -> new ApiException(ProblemType.INVALID_REQUEST,
                "Invalid fields: domain. See errors for what each must be.", List.of(new Problem.FieldError("domain",
                        "must be a fully qualified domain name such as police.example.gov (no IP address, wildcard, port or path)"))));
        Instant now = now();
        AgencyDomain row = AgencyDomain.<AgencyDomain>find("domain", domain).firstResult();
        boolean created = row == null;
        Map<String, Object> before = created ? Map.of() : snapshot(row);
        if (created) {
            row = new AgencyDomain();
            row.id = UUID.randomUUID();
            row.agencyId = agencyId;
            row.domain = domain;
            row.createdAt = now;
        } else if (!row.agencyId.equals(agencyId)) {
            throw duplicate("This domain belongs to another agency.");
        } else if (row.provedAt != null) {
            throw duplicate("This agency already proved this domain.");
        }
        row.challengeToken = DnsChallenge.newToken();
        row.challengeExpiresAt = DnsChallenge.expiry(now, config.domains().challengeValidity());
        if (created) {
            persistOrConflict(row);
        }
        audit.record(caller.actor(), created ? "domain.added" : "domain.challenge-renewed", "agency-domain",
                row.id.toString(), Map.of("agencyId", agencyId.toString(), "before", before, "after", snapshot(row)));
        return Optional.of(new Claimed(DomainView.of(row), created));
    }

    @Transactional
    public Optional<List<DomainView>> list(UUID agencyId) {
        if (Agency.findByIdOptional(agencyId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AgencyDomain.<AgencyDomain>list("agencyId = ?1 order by domain", agencyId).stream()
                .map(DomainView::of).toList());
    }

    /**
     * Looks the challenge up in DNS; when the record holds the token, the domain is proved and added
     * to the agency's Keycloak organization as verified. Proving a proved domain changes nothing.
     */
    @Transactional
    public Optional<DomainView> prove(Caller caller, UUID agencyId, UUID domainId) {
        AgencyDomain row = AgencyDomain.<AgencyDomain>find("id = ?1 and agencyId = ?2", domainId, agencyId).firstResult();
        if (row == null) {
            return Optional.empty();
        }
        if (row.isProved()) {
            return Optional.of(DomainView.of(row));
        }
        Instant now = now();
        if (row.challengeToken == null || DnsChallenge.expired(row.challengeExpiresAt, now)) {
            throw new ApiException(ProblemType.CONFLICT,
                    "The challenge for this domain expired. Ask for a new one with POST /v1/agencies/{id}/domains.");
        }
        String recordName = DnsChallenge.recordName(row.domain);
        DnsTxtLookup.Answer answer = dns.txt(recordName);
        if (!answer.answered()) {
            throw new DependencyUnavailableException("DNS", null);
        }
        if (!DnsChallenge.published(row.challengeToken, answer.values())) {
            throw new ApiException(ProblemType.CONFLICT, "No TXT record at " + recordName
                    + " holds the challenge value. Publish it, wait for DNS to serve it, then try again.");
        }
        Map<String, Object> before = snapshot(row);
        Agency agency = Agency.findById(agencyId);
        if (agency.keycloakOrgId == null) {
            List<String> proved = new ArrayList<>(AgencyService.provedDomains(agencyId));
            proved.add(row.domain);
            organizations.ensure(agency, proved);
        } else {
            organizations.addVerifiedDomain(agency, row.domain);
        }
        row.provedAt = now;
        row.lastCheckedAt = now;
        row.proofLostAt = null;
        audit.record(caller.actor(), "domain.proved", "agency-domain", row.id.toString(),
                Map.of("agencyId", agencyId.toString(), "before", before, "after", snapshot(row)));
        return Optional.of(DomainView.of(row));
    }

    static Map<String, Object> snapshot(AgencyDomain row) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("domain", row.domain);
        values.put("challengeExpiresAt", row.challengeExpiresAt == null ? null : row.challengeExpiresAt.toString());
        values.put("provedAt", row.provedAt == null ? null : row.provedAt.toString());
        values.put("proofLostAt", row.proofLostAt == null ? null : row.proofLostAt.toString());
        return values;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static void persistOrConflict(AgencyDomain row) {
        try {
            row.persistAndFlush();
        } catch (PersistenceException e) {
            // Another request claimed the same domain at the same moment: the unique index decided.
            throw duplicate("This domain was just claimed by another request.");
        }
    }

    private static ApiException duplicate(String detail) {
        return new ApiException(ProblemType.CONFLICT, detail, List.of(new Problem.FieldError("domain", "already claimed")));
    }
}
