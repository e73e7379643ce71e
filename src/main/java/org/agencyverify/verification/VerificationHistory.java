package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.risk.OfficerHistory;
import org.agencyverify.token.IssuedTokens;

/** Risk's reads of an officer's verifications, answered from the verifications themselves. */
@ApplicationScoped
public class VerificationHistory implements OfficerHistory {

    private static final List<VerificationState> APPROVED = List.of(VerificationState.APPROVED, VerificationState.TOKEN_ISSUED);

    private final IssuedTokens tokens;

    VerificationHistory(IssuedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public long startedSince(UUID officerId, Instant since) {
        return Verification.count("officerId = ?1 and createdAt > ?2 and state <> ?3", officerId, since, VerificationState.REJECTED);
    }

    @Override
    public List<UUID> emergencyPortalsSince(UUID officerId, Instant since) {
        return Verification.getEntityManager().createQuery(
                "select distinct v.portalId from Verification v where v.officerId = ?1 and v.purpose = ?2 and v.createdAt > ?3"
                        + " and v.state <> ?4", UUID.class)
                .setParameter(1, officerId).setParameter(2, Purpose.EMERGENCY)
                .setParameter(3, since).setParameter(4, VerificationState.REJECTED)
                .getResultList();
    }

    @Override
    public long approved(UUID officerId) {
        return count(officerId, APPROVED);
    }

    @Override
    public long approvedFrom(UUID officerId, String network) {
        return Verification.count("officerId = ?1 and state in ?2 and sourceNetwork = ?3", officerId, APPROVED, network);
    }

    @Override
    public List<UUID> refusedByPortalsSince(UUID officerId, Instant since) {
        return Verification.<Verification>list("officerId = ?1 and portalOutcome = ?2 and portalOutcomeAt > ?3",
                officerId, Verification.PortalOutcome.REFUSED, since).stream().map(v -> v.id).toList();
    }

    @Override
    public boolean tokenIssued(UUID officerId, UUID portalId) {
        return tokens.anyFor(officerId, portalId);
    }

    @Override
    public Outcomes outcomes(UUID officerId) {
        return new Outcomes(approved(officerId),
                count(officerId, List.of(VerificationState.DENIED)),
                count(officerId, List.of(VerificationState.EXPIRED)),
                count(officerId, List.of(VerificationState.REJECTED)),
                Verification.count("officerId = ?1 and portalOutcome = ?2", officerId, Verification.PortalOutcome.REFUSED));
    }

    @Override
    public Optional<Instant> firstStarted(UUID officerId) {
        return Optional.ofNullable(Verification.getEntityManager()
                .createQuery("select min(v.createdAt) from Verification v where v.officerId = ?1", Instant.class)
                .setParameter(1, officerId).getSingleResult());
    }

    private static long count(UUID officerId, List<VerificationState> states) {
        return Verification.count("officerId = ?1 and state in ?2", officerId, states);
    }
}
