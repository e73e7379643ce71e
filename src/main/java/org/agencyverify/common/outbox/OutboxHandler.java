package org.agencyverify.common.outbox;

import java.time.Duration;
import java.util.Optional;
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

    /** How often and how patiently a kind is retried: the first wait doubles per attempt, up to {@code maxBackoff}. */
    record RetryPolicy(int maxAttempts, Duration retryBackoff, Duration maxBackoff) {

        /** The waits of the older per-feature outboxes: doubling from {@code retryBackoff}, at most an hour. */
        public static RetryPolicy upToAnHour(int maxAttempts, Duration retryBackoff) {
            return new RetryPolicy(maxAttempts, retryBackoff, Duration.ofHours(1));
        }
    }

    /** The kind of message this handler delivers, as stored in {@code outbox_message.kind}. */
    String kind();

    /** Sends the message about {@code subjectId}; {@link DeliveryFailed} is retried with backoff. */
    Result deliver(UUID subjectId, int attempt) throws DeliveryFailed;

    /** Called once when the last attempt failed: record it where people will see it. */
    void failedForGood(UUID subjectId, String reason);

    /** This kind's own retry policy; empty: the outbox's ({@link OutboxConfig}). */
    default Optional<RetryPolicy> retryPolicy() {
        return Optional.empty();
    }
}
