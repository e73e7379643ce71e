package org.agencyverify.provisioning;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.RateLimiter;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@link ScimApi} request with the agency's SCIM credential, and nothing else: a
 * Keycloak token (an officer's, an operator's) is not a SCIM credential, and the SCIM credential is not a
 * Keycloak token (quarkus-oidc refuses it everywhere else). Runs on the worker thread (it reads the
 * database), then applies the admin API's per-caller limit with the agency as the caller.
 */
public class ScimAuthentication {

    static final String DETAIL = "Send the agency's SCIM credential as a bearer token (Authorization: Bearer avscim_...)."
            + " An agency admin creates it with POST /v1/agencies/{agencyId}/scim-credential; a replaced or revoked one"
            + " no longer works.";

    private final ScimCredentials credentials;
    private final ScimClient client;
    private final RateLimiter limits;

    ScimAuthentication(ScimCredentials credentials, ScimClient client, RateLimiter limits) {
        this.credentials = credentials;
        this.client = client;
        this.limits = limits;
    }

    @ScimApi
    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        Optional<UUID> agency = credentials.authenticate(token);
        if (agency.isEmpty()) {
            throw new ScimException(ProblemType.UNAUTHORIZED, null, DETAIL);
        }
        limits.admin("scim:" + agency.get());
        client.authenticated(agency.get());
    }
}
