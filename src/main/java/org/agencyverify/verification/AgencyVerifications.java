package org.agencyverify.verification;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.common.security.Caller;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.risk.RiskFindings;

/**
 * Every verification made in an agency's name, for its admins (and operators): who asked (the officer,
 * or the sender an emailed request claimed), which portal, purpose and case, where it stands and what
 * the risk checks found; and the last days' counts by outcome and by portal. Only those who may
 * administer the agency get past {@link AgencyAccess}.
 */
@ApplicationScoped
public class AgencyVerifications {

    /** The filters of the list; null means "any". {@code from} inclusive, {@code until} exclusive. */
    public record Filter(VerificationState state, UUID portalId, Purpose purpose, Instant from, Instant until) {}

    /** One verification as the agency's admins see it. */
    public record Item(UUID id, Instant createdAt, String requester, boolean enrolledOfficer, String portal, Purpose purpose,
            String caseReference, VerificationState state, String riskDecision, List<String> findings, String portalOutcome) {}

    public record ItemPage(List<Item> items, int page, int size, long total) {}

    /** How many verifications since {@code since}, by state and by portal (name), largest first. */
    public record Counts(Instant since, long total, Map<VerificationState, Long> byState, Map<String, Long> byPortal) {}

    private final AgencyAccess access;
    private final PortalDirectory portals;
    private final RiskFindings findings;

    AgencyVerifications(AgencyAccess access, PortalDirectory portals, RiskFindings findings) {
        this.access = access;
        this.portals = portals;
        this.findings = findings;
    }

    @Transactional
    public ItemPage list(Caller caller, UUID agencyId, Filter filter, int page, int size) {
        access.requireAdministrable(caller, agencyId);
        StringBuilder query = new StringBuilder("agencyId = :agency");
        Parameters parameters = Parameters.with("agency", agencyId);
        if (filter.state() != null) {
            query.append(" and state = :state");
            parameters.and("state", filter.state());
        }
        if (filter.portalId() != null) {
            query.append(" and portalId = :portal");
            parameters.and("portal", filter.portalId());
        }
        if (filter.purpose() != null) {
            query.append(" and purpose = :purpose");
            parameters.and("purpose", filter.purpose());
        }
        if (filter.from() != null) {
            query.append(" and createdAt >= :from");
            parameters.and("from", filter.from());
        }
        if (filter.until() != null) {
            query.append(" and createdAt < :until");
            parameters.and("until", filter.until());
        }
        var found = Verification.<Verification>find(query.toString(), Sort.descending("createdAt").and("id"), parameters);
        Map<UUID, String> portalNames = new LinkedHashMap<>();
        List<Item> items = new ArrayList<>();
        for (Verification v : found.page(Page.of(page, size)).list()) {
            items.add(new Item(v.id, v.createdAt, v.requesterEmail, v.officerId != null,
                    portalNames.computeIfAbsent(v.portalId, this::portalName), v.purpose, v.caseReference, v.state,
                    v.riskDecision == null ? null : v.riskDecision.name(), findings.namesFor(v.id),
                    v.portalOutcome == null ? null : v.portalOutcome.name()));
        }
        return new ItemPage(items, page, size, found.count());
    }

    @Transactional
    public Counts counts(Caller caller, UUID agencyId, Instant since) {
        access.requireAdministrable(caller, agencyId);
        Map<VerificationState, Long> byState = new LinkedHashMap<>();
        for (Object[] row : Verification.getEntityManager().createQuery("select v.state, count(v) from Verification v"
                + " where v.agencyId = :agency and v.createdAt >= :since group by v.state order by count(v) desc, v.state",
                Object[].class).setParameter("agency", agencyId).setParameter("since", since).getResultList()) {
            byState.put((VerificationState) row[0], (Long) row[1]);
        }
        Map<String, Long> byPortal = new LinkedHashMap<>();
        for (Object[] row : Verification.getEntityManager().createQuery("select v.portalId, count(v) from Verification v"
                + " where v.agencyId = :agency and v.createdAt >= :since group by v.portalId order by count(v) desc, v.portalId",
                Object[].class).setParameter("agency", agencyId).setParameter("since", since).getResultList()) {
            byPortal.merge(portalName((UUID) row[0]), (Long) row[1], Long::sum);
        }
        long total = byState.values().stream().mapToLong(Long::longValue).sum();
        return new Counts(since, total, byState, byPortal);
    }

    /** The portals that have verifications of this agency, for the filter: id and name, by name. */
    @Transactional
    public Map<UUID, String> portalsOf(Caller caller, UUID agencyId) {
        access.requireAdministrable(caller, agencyId);
        Map<UUID, String> names = new LinkedHashMap<>();
        Verification.getEntityManager().createQuery("select distinct v.portalId from Verification v where v.agencyId = :agency",
                UUID.class).setParameter("agency", agencyId).getResultList()
                .forEach(id -> names.put(id, portalName(id)));
        Map<UUID, String> sorted = new LinkedHashMap<>();
        names.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private String portalName(UUID portalId) {
        return portals.byId(portalId).map(PortalDirectory.PortalFacts::name).orElse("(removed portal)");
    }
}
