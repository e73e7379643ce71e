package org.agencyverify.common.outbox;

import java.util.UUID;

/**
 * Delivers the outbox messages of one kind. Runs inside the worker's transaction, with the message
 * row locked, so it may read and update its subject in the same transaction.
 */
public interface OutboxHandler {

    /** What a handler did with a message. */
    enum Result {
        /** Sent: never send this message again. */
        DELIVERED,
        /** Nothing to send any more (its subject was closed meanwhile): dropped, not failed. */
        OBSOLETE
    }

    /** The kind of message this handler delivers, as stored in {@code outbox_message.kind}. */
    String kind();

    /** Sends the message about {@code subjectId}; {@link DeliveryFailed} is retried with backoff. */
    Result deliver(UUID subjectId, int attempt) throws DeliveryFailed;

    /** Called once when the last attempt failed: record it where people will see it. */
    void failedForGood(UUID subjectId, String reason);
}
