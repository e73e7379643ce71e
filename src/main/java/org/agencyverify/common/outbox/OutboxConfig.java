package org.agencyverify.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox worker drains deliveries. */
@ConfigMapping(prefix = "agency-verify.outbox")
public interface OutboxConfig {

    /**
     * How often the worker looks for due messages (scheduler syntax, e.g. {@code 2s}): retries, messages of
     * another replica or from before a restart. A new message goes out when its transaction commits.
     */
    @WithDefault("2s")
    String workerInterval();

    /** How long after start the first scheduled run comes (scheduler syntax); a message queued here is sent on its commit anyway. */
    @WithDefault("1s")
    String workerDelay();

    /** How many due messages one run takes at most. */
    @WithDefault("50")
    int batchSize();

    /** A failed delivery is retried after this, doubled on each attempt, at most {@link #maxBackoff()}... */
    @WithDefault("10S")
    Duration retryBackoff();

    /** ...the longest wait between two attempts... */
    @WithDefault("15M")
    Duration maxBackoff();

    /** ...up to this many attempts; then the message is FAILED and its handler records it. */
    @WithDefault("10")
    int maxAttempts();
}
