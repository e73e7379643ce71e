package org.agencyverify.officer;

import java.util.UUID;
import org.agencyverify.common.security.Actor;

/**
 * An officer was suspended or removed (by an admin or by a rule), in the transaction that is still
 * open: observers react in it ({@code @Observes(during = IN_PROGRESS)}), so what they change (the
 * officer's live tokens revoked) commits with the change, and an observer that fails refuses it too.
 */
public record OfficerWithdrawn(Actor actor, UUID officerId, UUID agencyId, String reason) {}
