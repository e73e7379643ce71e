package org.agencyverify.agency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.Optional;

/** Settings of agency enrollment (prefix {@code agency-verify.agencies}). */
@ConfigMapping(prefix = "agency-verify.agencies")
public interface AgencyConfig {

    /** Largest page a list of agencies answers, whatever size the caller asks for. */
    @WithDefault("100")
    int maxPageSize();

    /** DNS proof of domain ownership. */
    Domains domains();

    /** The .gov registry import. */
    @WithName("import")
    Import importing();

    interface Domains {
        /** How long a DNS challenge can be proved after it was issued; then a new one must be asked for. */
        @WithDefault("48H")
        Duration challengeValidity();

        /** DNS server (host or host:port) for challenge lookups; the system resolver when unset. */
        Optional<String> resolver();

        /** How long one DNS lookup may take before the domain counts as not proved this time. */
        @WithDefault("5S")
        Duration lookupTimeout();

        /** How often proved domains are looked up again (a Quarkus scheduler period, or "off"). */
        @WithDefault("6H")
        String recheckEvery();
    }

    interface Import {
        /** Largest CSV body POST /v1/agencies/import accepts (the global body limit stays small). */
        @WithDefault("8M")
        MemorySize maxBodySize();

        /** Rows written per database transaction. */
        @WithDefault("500")
        int batchSize();
    }
}
