package org.agencyverify.federation;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.identity.KeycloakRefusedException;

/**
 * An agency IdP's endpoints, before it is linked: as the operator gave them, or read from the issuer's
 * discovery document through Keycloak, which fetches it from where the brokered sign-ins will go.
 */
@ApplicationScoped
class IssuerDiscovery {

    private final KeycloakAdmin keycloak;

    IssuerDiscovery(KeycloakAdmin keycloak) {
        this.keycloak = keycloak;
    }

    /** The endpoints to use: as given, or from the issuer's discovery document, which must name the same issuer. */
    Map<String, String> endpoints(LinkIdentityProviderRequest request) {
        if (request.explicitEndpoints()) {
            if (request.authorizationUrl() == null || request.tokenUrl() == null || request.jwksUrl() == null) {
                throw new ApiException(ProblemType.INVALID_REQUEST,
                        "Give all of authorizationUrl, tokenUrl and jwksUrl, or none to use the issuer's discovery document.",
                        List.of(new Problem.FieldError("authorizationUrl", "authorizationUrl, tokenUrl and jwksUrl go together")));
            }
            return Map.of("authorizationUrl", request.authorizationUrl(), "tokenUrl", request.tokenUrl(),
                    "jwksUrl", request.jwksUrl());
        }
        Map<String, String> metadata;
        try {
            metadata = keycloak.call("read identity provider discovery", realm -> {
                try {
                    return realm.identityProviders().importFrom(Map.<String, Object>of("providerId", "oidc",
                            "fromUrl", request.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration"));
                } catch (jakarta.ws.rs.WebApplicationException e) {
                    // Keycloak answers 500 when it cannot fetch or parse the document: the issuer's fault, not
                    // an outage (an unreachable Keycloak fails before answering and still becomes 503).
                    if (e.getResponse().getStatus() == 500 || e.getResponse().getStatus() == 400) {
                        throw new KeycloakRefusedException("read identity provider discovery", e.getResponse().getStatus());
                    }
                    throw e;
                }
            });
        } catch (KeycloakRefusedException e) {
            throw issuer("The issuer's discovery document (/.well-known/openid-configuration) could not be read.");
        }
        if (!request.issuer().equals(metadata.get("issuer"))) {
            throw issuer("The discovery document names another issuer; give the issuer exactly as the provider states it.");
        }
        Map<String, String> endpoints = new HashMap<>();
        for (String key : List.of("authorizationUrl", "tokenUrl", "jwksUrl", "userInfoUrl", "logoutUrl")) {
            if (metadata.get(key) != null) {
                endpoints.put(key, metadata.get(key));
            }
        }
        if (!endpoints.keySet().containsAll(List.of("authorizationUrl", "tokenUrl", "jwksUrl"))) {
            throw issuer("The discovery document lacks the authorization, token or JWKS endpoint.");
        }
        return endpoints;
    }

    private static ApiException issuer(String detail) {
        return new ApiException(ProblemType.INVALID_REQUEST, detail,
                List.of(new Problem.FieldError("issuer", "must be the provider's exact issuer with a readable discovery document")));
    }
}
