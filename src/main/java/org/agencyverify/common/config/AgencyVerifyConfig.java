package org.agencyverify.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The service's own settings (prefix {@code agency-verify}); Quarkus extensions keep theirs. */
@ConfigMapping(prefix = "agency-verify")
public interface AgencyVerifyConfig {

    /** The Keycloak server that authenticates officers, contacts, operators and portals. */
    Keycloak keycloak();

    /** Redis, shared with other software on the same server. */
    Redis redis();

    /**
     * The base URL people and agency systems reach this service at (no trailing slash), for the links in
     * confirmation requests: {@code respondTo} of webhooks and the approval page of emails, and the SCIM base URL
     * an agency's IT is given.
     */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** {@link #publicUrl()} without a trailing slash. */
    default String baseUrl() {
        return publicUrl().replaceAll("/+$", "");
    }

    interface Keycloak {
        /** Base URL of the Keycloak server, without {@code /realms/...}. */
        String url();

        /** The realm that holds agencies (organizations), users and portal clients. */
        String realm();

        /** How long readiness waits for Keycloak before reporting it DOWN. */
        @WithDefault("2S")
        Duration healthTimeout();

        /**
         * How long a verification start trusts the last look at whether Keycloak answers (up or down)
         * before looking again; a credential check that finds Keycloak gone marks it down at once.
         */
        @WithDefault("2S")
        Duration reachabilityTtl();

        /** The realm's issuer URL, as Keycloak puts it in tokens and its discovery document. */
        default String issuer() {
            return url().replaceAll("/+$", "") + "/realms/" + realm();
        }
    }

    interface Redis {
        /** Prefix of every key this service writes, so it can share a Redis server safely. */
        String keyPrefix();
    }
}
