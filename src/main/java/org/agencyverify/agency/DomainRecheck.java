package org.agencyverify.agency;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;

/**
 * Looks up every proved domain's challenge record again on a schedule. A record that is gone marks
 * the domain's proof lost (it no longer counts as proved, and its Keycloak organization domain is
 * no longer marked verified); found again, both are restored. A DNS
 * server that does not answer changes nothing: only a real answer decides.
 */
@ApplicationScoped
public class DomainRecheck {

    private final DnsTxtLookup dns;
    private final AuditLog audit;
    private final AgencyOrganizations organizations;

    DomainRecheck(DnsTxtLookup dns, AuditLog audit, AgencyOrganizations organizations) {
        this.dns = dns;
        this.audit = audit;
        this.organizations = organizations;
    }

    @Scheduled(identity = "domain-recheck", every = "${agency-verify.agencies.domains.recheck-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void recheckAll() {
        int lost = 0;
        List<UUID> ids;
        try {
            ids = provedDomainIds();
        } catch (RuntimeException e) {
            Log.warnf("Proved domains not re-checked (%s); retried next run", e.getClass().getSimpleName());
            return;
        }
        for (UUID id : ids) {
            try {
                lost += recheck(id) ? 0 : 1;
            } catch (RuntimeException e) {
                Log.warnf("Re-check of domain %s failed (%s)", id, e.getClass().getSimpleName());
            }
        }
        Log.infof("Re-checked %d proved domains, %d without their record", ids.size(), lost);
    }

    @Transactional
    List<UUID> provedDomainIds() {
        return AgencyDomain.<AgencyDomain>list("provedAt is not null order by domain").stream().map(d -> d.id).toList();
    }

    /** Re-checks one domain; false when its record is missing now. */
    @Transactional
    boolean recheck(UUID id) {
        AgencyDomain row = AgencyDomain.findById(id);
        DnsTxtLookup.Answer answer = dns.txt(DnsChallenge.recordName(row.domain));
        if (!answer.answered()) {
            return true;
        }
        boolean found = DnsChallenge.published(row.challengeToken, answer.values());
        Map<String, Object> before = DomainService.snapshot(row);
        row.lastCheckedAt = DomainService.now();
        if (!found && row.proofLostAt == null) {
            row.proofLostAt = row.lastCheckedAt;
            organizations.markDomainVerifiedQuietly(Agency.findById(row.agencyId), row.domain, false);
            audit.record(Actor.SYSTEM, "domain.proof-lost", "agency-domain", id.toString(),
                    Map.of("agencyId", row.agencyId.toString(), "before", before, "after", DomainService.snapshot(row)));
        } else if (found && row.proofLostAt != null) {
            row.proofLostAt = null;
            organizations.markDomainVerifiedQuietly(Agency.findById(row.agencyId), row.domain, true);
            audit.record(Actor.SYSTEM, "domain.proof-restored", "agency-domain", id.toString(),
                    Map.of("agencyId", row.agencyId.toString(), "before", before, "after", DomainService.snapshot(row)));
        }
        return found;
    }
}
