package org.agencyverify.agency;

import java.util.UUID;
import org.agencyverify.common.security.Actor;

/**
 * An agency was suspended, in the transaction that is still open: observers react in it
 * ({@code @Observes(during = IN_PROGRESS)}), so what they change (its officers' live tokens revoked)
 * commits with the suspension, and an observer that fails refuses the suspension too.
 */
public record AgencySuspended(Actor actor, UUID agencyId, String reason) {}
