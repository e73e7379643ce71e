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
import org.agencyverify.identity.KeycloakRollback;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/** Agency identity providers in the realm: created, linked to the organization, removed. */
@ApplicationScoped
class IdentityProviderKeycloak {

    private final KeycloakAdmin keycloak;
    private final KeycloakRollback rollback;
    private final FederationConfig config;

    IdentityProviderKeycloak(KeycloakAdmin keycloak, KeycloakRollback rollback, FederationConfig config) {
        this.keycloak = keycloak;
        this.rollback = rollback;
        this.config = config;
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

    /** Creates the broker in the realm and links it to the organization; both undone on rollback. */
    void create(LinkIdentityProviderRequest request, String syncMode, String domain, String agencyName,
            String organizationId, Map<String, String> endpoints) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(request.alias());
        idp.setDisplayName(agencyName);
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        // The agency's own IdP is the authority for mailboxes at its proved domain.
        idp.setTrustEmail(true);
        idp.setStoreToken(false);
        idp.setHideOnLogin(true);
        idp.setFirstBrokerLoginFlowAlias(config.firstBrokerLoginFlow());
        Map<String, String> settings = new HashMap<>(endpoints);
        settings.put("issuer", request.issuer());
        settings.put("validateSignature", "true");
        settings.put("useJwksUrl", "true");
        settings.put("clientId", request.clientId());
        settings.put("clientSecret", request.clientSecret());
        settings.put("clientAuthMethod", "client_secret_post");
        settings.put("pkceEnabled", "true");
        settings.put("pkceMethod", "S256");
        settings.put("defaultScope", "openid email profile");
        settings.put("syncMode", syncMode);
        settings.put("kc.org.domain", domain);
        settings.put("kc.org.broker.redirect.mode.email-matches", "true");
        idp.setConfig(settings);
        try {
            keycloak.create("create identity provider", realm -> realm.identityProviders().create(idp));
        } catch (KeycloakRefusedException e) {
            if (e.isConflict()) {
                throw new ApiException(ProblemType.CONFLICT, "An identity provider with this alias already exists.",
                        List.of(new Problem.FieldError("alias", "already in use")));
            }
            throw e;
        }
        rollback.onRollback("delete identity provider", realm -> realm.identityProviders().get(request.alias()).remove());
        try {
            keycloak.run("link identity provider to organization", realm -> {
                try (var response = realm.organizations().get(organizationId).identityProviders()
                        .addIdentityProvider(request.alias())) {
                    if (response.getStatus() >= 300) {
                        throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
                    }
                }
            });
        } catch (KeycloakRefusedException e) {
            throw new ApiException(ProblemType.CONFLICT,
                    "The agency's organization in Keycloak refused the identity provider (missing, or the domain is not its own); an operator must re-synchronize the agency.");
        }
    }

    /** Removes the broker (and with it the organization link and users' links to it). */
    void delete(String alias) {
        try {
            keycloak.run("delete identity provider", realm -> realm.identityProviders().get(alias).remove());
        } catch (KeycloakRefusedException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    private static ApiException issuer(String detail) {
        return new ApiException(ProblemType.INVALID_REQUEST, detail,
                List.of(new Problem.FieldError("issuer", "must be the provider's exact issuer with a readable discovery document")));
    }
}
