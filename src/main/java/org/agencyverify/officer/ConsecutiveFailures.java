package org.agencyverify.officer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The officer's run of failed credential checks in a row, kept on the officer's row. The risk feature
 * decides what a run means (the suspension limit); this feature only counts.
 */
@ApplicationScoped
public class ConsecutiveFailures {

    /** The officer's standing right after a failure was counted. */
    public record Counted(OfficerStatus status, int inARow) {}

    /** One more failure in a row, counted in the database so concurrent failures all count. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Counted failed(UUID officerId) {
        Officer.update("consecutiveCredentialFailures = consecutiveCredentialFailures + 1 where id = ?1", officerId);
        Officer officer = Officer.findById(officerId);
        Officer.getEntityManager().refresh(officer);
        return new Counted(officer.status, officer.consecutiveCredentialFailures);
    }

    /** A pass ends the run. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void passed(UUID officerId) {
        Officer.update("consecutiveCredentialFailures = 0 where id = ?1 and consecutiveCredentialFailures <> 0", officerId);
    }
}
