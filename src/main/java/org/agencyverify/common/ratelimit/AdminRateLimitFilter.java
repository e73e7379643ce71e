package org.agencyverify.common.ratelimit;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The admin API's limit, in one place for every {@link AdminApi} resource. Runs on the worker thread
 * (not {@code nonBlocking}), after authentication; an anonymous request is left to the 401 it gets.
 */
public class AdminRateLimitFilter {

    private final RateLimiter limits;
    private final SecurityIdentity identity;

    AdminRateLimitFilter(RateLimiter limits, SecurityIdentity identity) {
        this.limits = limits;
        this.identity = identity;
    }

    @AdminApi
    @ServerRequestFilter
    public void limit() {
        if (!identity.isAnonymous()) {
            // The Keycloak subject: stable, unlike a username an admin can have renamed.
            limits.admin(identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                    ? token.getSubject() : identity.getPrincipal().getName());
        }
    }
}
