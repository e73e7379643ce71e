package org.agencyverify.common.outbox;

import java.time.Instant;

/**
 * A feature's row for one notice sent through the outbox. It keeps its own delivery record (status,
 * attempts, last error) because the feature's API reads it, while {@link OutboxMessage} stays internal.
 */
public interface OutboxNotice {

    /** Still to be sent; anything else makes its outbox message obsolete. */
    boolean pending();

    /** This attempt (counted from 1) is under way. */
    void attempted(int attempt);

    /** The attempt failed for {@code reason}; it is retried. */
    void attemptFailed(String reason);

    /** Sent at {@code at}; clears the last failure. */
    void delivered(Instant at);

    /** The last attempt failed: nobody tries again on their own. */
    void failed();
}
