package org.agencyverify.verification;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which of an agency's registered contacts are asked to confirm. Only the agency's own ACTIVE contacts
 * are candidates: nothing in a request can add, name or re-route one.
 */
public final class ContactSelection {

    /** An ACTIVE contact the agency registered, with the channel fixed at enrollment. */
    public record Candidate(UUID id, ContactLevel level, String channel) {}

    /** The contacts asked, and how many distinct ones of them must approve. */
    public record Selection(List<Candidate> contacts, int approvalsNeeded) {}

    private ContactSelection() {}

    /**
     * Every candidate of the level the policy needs, in a stable order; empty when fewer than the
     * approvers needed are available (the request then cannot be confirmed at all).
     */
    public static Optional<List<Candidate>> select(PurposePolicy policy, int approversNeeded, List<Candidate> active) {
        List<Candidate> eligible = active.stream()
                .filter(c -> c.level().satisfies(policy.contactLevel()))
                .sorted(Comparator.comparing(Candidate::id))
                .toList();
        return eligible.size() >= Math.max(1, approversNeeded) ? Optional.of(eligible) : Optional.empty();
    }

    /**
     * As {@link #select(PurposePolicy, int, List)}, or, when the risk policy asks for more confirmation,
     * SUPERVISOR contacts only and two approvers wherever the agency has two supervisors (one supervisor
     * alone when it has only one: the request is not refused for that, but never confirmed by less).
     */
    public static Optional<Selection> select(PurposePolicy policy, int approversNeeded, List<Candidate> active,
            boolean moreConfirmation) {
        if (!moreConfirmation) {
            return select(policy, approversNeeded, active).map(contacts -> new Selection(contacts, Math.max(1, approversNeeded)));
        }
        List<Candidate> supervisors = active.stream()
                .filter(c -> c.level() == ContactLevel.SUPERVISOR)
                .sorted(Comparator.comparing(Candidate::id))
                .toList();
        int approvals = Math.max(Math.max(1, approversNeeded), Math.min(2, supervisors.size()));
        return supervisors.size() >= approvals ? Optional.of(new Selection(supervisors, approvals)) : Optional.empty();
    }
}
