package org.agencyverify.verification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.security.Actor;

/**
 * A verification was opened and these contacts are to be asked (fired by {@link VerificationLifecycle} in
 * the opening transaction): the confirmation feature, which comes after this one, stores the requests
 * and queues their delivery in the same transaction, so the requests exist exactly when the verification does.
 */
public record ConfirmationsRequested(Actor actor, UUID verificationId, List<ContactSelection.Candidate> contacts, Instant at) {}
