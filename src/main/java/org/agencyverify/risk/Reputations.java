package org.agencyverify.risk;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A requester's history across every portal, as counts and finding names only: never a case
 * reference, a portal's name or id, a document or a date of another portal's case. Only a portal that
 * holds or held a trust token for the officer may ask; for any other it does not exist.
 */
@ApplicationScoped
public class Reputations {

    /** What a portal may know of an officer it had a token for. */
    public record Reputation(UUID officerId,
            @Schema(description = "Verifications that passed every check and were approved by the agency's contacts") long approved,
            @Schema(description = "Denied by the agency's contacts") long denied,
            @Schema(description = "Not confirmed in time") long expired,
            @Schema(description = "Refused before any contact was asked (credentials, risk)") long rejected,
            @Schema(description = "Requests that a portal refused although it had a trust token for them") long refusedByPortals,
            @Schema(description = "Risk findings on the officer's verifications, by name, with how often each was found")
            Map<String, Long> findings,
            @Schema(description = "When the officer's first verification was started") Instant since) {}

    private final OfficerHistory history;

    Reputations(OfficerHistory history) {
        this.history = history;
    }

    /** Empty for an unknown id and for an officer this portal never had a token for: the same 404. */
    @Transactional
    public Optional<Reputation> of(UUID portalId, UUID officerId) {
        if (!history.tokenIssued(officerId, portalId)) {
            return Optional.empty();
        }
        OfficerHistory.Outcomes outcomes = history.outcomes(officerId);
        Map<String, Long> findings = new TreeMap<>();
        RiskFinding.getEntityManager()
                .createQuery("select f.name, count(f) from RiskFinding f where f.officerId = ?1 group by f.name", Object[].class)
                .setParameter(1, officerId).getResultList()
                .forEach(row -> findings.put((String) row[0], (Long) row[1]));
        Instant since = history.firstStarted(officerId).orElse(null);
        return Optional.of(new Reputation(officerId, outcomes.approved(), outcomes.denied(), outcomes.expired(), outcomes.rejected(),
                outcomes.refusedByPortals(), findings, since));
    }
}
