package org.agencyverify.risk;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.agencyverify.token.TrustToken;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationState;
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

    /** Empty for an unknown id and for an officer this portal never had a token for: the same 404. */
    @Transactional
    public Optional<Reputation> of(UUID portalId, UUID officerId) {
        if (TrustToken.count("officerId = ?1 and portalId = ?2", officerId, portalId) == 0) {
            return Optional.empty();
        }
        long approved = count(officerId, List.of(VerificationState.APPROVED, VerificationState.TOKEN_ISSUED));
        long denied = count(officerId, List.of(VerificationState.DENIED));
        long expired = count(officerId, List.of(VerificationState.EXPIRED));
        long rejected = count(officerId, List.of(VerificationState.REJECTED));
        long refused = Verification.count("officerId = ?1 and portalOutcome = ?2", officerId, Verification.PortalOutcome.REFUSED);
        Map<String, Long> findings = new TreeMap<>();
        Verification.getEntityManager()
                .createQuery("select f.name, count(f) from RiskFinding f where f.officerId = ?1 group by f.name", Object[].class)
                .setParameter(1, officerId).getResultList()
                .forEach(row -> findings.put((String) row[0], (Long) row[1]));
        Instant since = Verification.getEntityManager()
                .createQuery("select min(v.createdAt) from Verification v where v.officerId = ?1", Instant.class)
                .setParameter(1, officerId).getSingleResult();
        return Optional.of(new Reputation(officerId, approved, denied, expired, rejected, refused, findings, since));
    }

    private static long count(UUID officerId, List<VerificationState> states) {
        return Verification.count("officerId = ?1 and state in ?2", officerId, states);
    }
}
