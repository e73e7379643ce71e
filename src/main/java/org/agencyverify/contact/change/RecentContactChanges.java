package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What other features may read of an agency's recent contact changes. */
@ApplicationScoped
public class RecentContactChanges {

    /**
     * Additions and removals of contacts that one account could make alone (an agency admin's proposal,
     * an operator's change that applied after its cool-down), still pending or applied after {@code since}:
     * a change a second operator approved was checked by two people.
     */
    public List<UUID> unreviewedSince(UUID agencyId, Instant since) {
        return ContactChange.<ContactChange>list("agencyId = ?1 and action in ?5 and approvedBy is null"
                        + " and (status = ?2 or (status = ?3 and appliedAt > ?4))", agencyId, ContactChange.Status.PENDING,
                ContactChange.Status.APPLIED, since, List.of(ContactChange.Action.ADD, ContactChange.Action.REMOVE))
                .stream().map(c -> c.id).toList();
    }
}
