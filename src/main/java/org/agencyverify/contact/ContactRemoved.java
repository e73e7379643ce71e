package org.agencyverify.contact;

import java.time.Instant;
import java.util.UUID;
import org.agencyverify.common.security.Actor;

/**
 * A contact was taken out of service (REMOVED), in the transaction that is still open: observers react
 * in it ({@code @Observes}), so the contact's open confirmation requests close with the removal.
 */
public record ContactRemoved(UUID contactId, UUID agencyId, Actor actor, Instant at) {}
