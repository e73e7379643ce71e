package org.agencyverify.invitation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How invitations (Keycloak's execute-actions emails) are sent and retried; the outbox worker sends them. */
@ConfigMapping(prefix = "agency-verify.invitations")
public interface InvitationsConfig {

    /** A failed send is retried with exponential backoff starting here (at most an hour)... */
    @WithDefault("30S")
    Duration retryBackoff();

    /** ...up to this many attempts; then the invitation is FAILED (audited) and an operator resends it. */
    @WithDefault("10")
    int maxAttempts();

    /** How long the link in the email stays valid. */
    @WithDefault("72H")
    Duration linkLifespan();

    /** The Keycloak client the link's pages belong to (and whose redirect URIs {@link #redirectUri} must match). */
    @WithDefault("agency-verify-cli")
    String clientId();

    /** Where Keycloak sends the person after the last action; none: Keycloak's own "account updated" page. */
    Optional<String> redirectUri();
}
