package org.agencyverify.common.ratelimit;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;

/**
 * At most {@code limit} requests in any {@code window}, written {@code LIMIT/WINDOW} in configuration
 * (e.g. {@code 10/15M}, {@code 3000/1S}; the window in Quarkus' duration format).
 */
public record Rate(int limit, Duration window) {

    public Rate {
        if (limit < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 request in at least 1 ms, got " + limit + "/" + window);
        }
    }

    /** Found by SmallRye Config as the implicit converter of configuration values. */
    public static Rate valueOf(String value) {
        int slash = value.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("a rate limit is LIMIT/WINDOW, e.g. 10/15M; got '" + value + "'");
        }
        return new Rate(Integer.parseInt(value.substring(0, slash).strip()),
                DurationConverter.parseDuration(value.substring(slash + 1).strip()));
    }

    @Override
    public String toString() {
        return limit + "/" + window;
    }
}
