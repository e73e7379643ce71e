package org.agencyverify.contact.change;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How pending changes (contacts, identity providers) wait, and how the existing contacts are notified. */
@ConfigMapping(prefix = "agency-verify.contacts")
public interface ContactsConfig {

    /**
     * How long a pending change waits before it may apply by itself (and only once every contact was
     * notified); a second operator's approval applies an operator's change at once.
     */
    @WithDefault("72H")
    Duration coolDown();

    /** How often the worker applies due changes (scheduler syntax, e.g. {@code 10s}); notifications go through the outbox. */
    @WithDefault("10s")
    String workerInterval();

    /** Timeout of one webhook delivery. */
    @WithDefault("10S")
    Duration deliveryTimeout();

    /** Failed notifications are retried with exponential backoff starting here (at most an hour)... */
    @WithDefault("30S")
    Duration retryBackoff();

    /** ...up to this many attempts; then the notification is FAILED and the change never applies on its own. */
    @WithDefault("12")
    int maxAttempts();
}
