package org.agencyverify.common.net;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Rules for URLs the service will call (portal event endpoints, contact webhooks). */
@ConfigMapping(prefix = "agency-verify.outbound")
public interface OutboundConfig {

    /** Refuse plain http URLs; only local development and tests turn this off. */
    @WithDefault("true")
    boolean requireHttps();

    /**
     * Internal IP addresses (literals) that registered URLs may point at anyway, for receivers on
     * the same machine in tests and local development. Empty in production.
     */
    Optional<List<String>> allowedInternalAddresses();

    /** DNS server (host or host:port) that resolves the hosts of registered URLs; the system resolver when unset. */
    Optional<String> resolver();

    /** How long one DNS lookup of an outbound host may take (with {@link #resolver()}). */
    @WithDefault("5S")
    Duration lookupTimeout();
}
