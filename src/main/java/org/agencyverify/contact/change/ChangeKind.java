package org.agencyverify.contact.change;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agencyverify.common.security.Actor;

/**
 * What one family of pending changes does: contacts ({@link ContactChangeKind}), and identity-provider
 * links, which the federation feature provides. The pending-change machinery (cool-down, notices,
 * second-operator approval, the worker) is the same for all; only these steps differ.
 */
public interface ChangeKind {

    /** The actions this kind handles. */
    Set<ContactChange.Action> actions();

    /**
     * Applies the change in the caller's transaction (the change row is locked). Answers what to audit
     * with {@code contact.change-applied}, or empty when nothing is left to apply (the change is then
     * CANCELLED). A refusal ({@code ApiException}) leaves it PENDING and rolls everything back.
     */
    Optional<Map<String, Object>> apply(PendingChange change, Actor actor, Instant now);

    /** Undoes what proposing left behind (a proposed contact), in the caller's transaction. */
    void cancelled(PendingChange change, Actor actor, Instant now);

    /** What the change is about, as notices and the API show it. */
    ChangeSubject subject(PendingChange change);
}
