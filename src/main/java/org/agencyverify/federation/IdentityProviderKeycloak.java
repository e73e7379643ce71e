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
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * Agency identity providers in the realm: created, linked to the organization, kept in line with what
 * every agency IdP must have (below), removed.
 *
 * <p>Every agency IdP has: the service's first- and post-broker-login flows (only an enrolled account of
 * the agency, see {@link BrokerSetup}); the IdP mapper {@value #UPSTREAM_MAPPER} (keycloak/extension),
 * which keeps the agency's own {@code auth_time}, {@code acr} and {@code amr} for the token claims
 * {@code idp_*}; {@code max_age} passed on to the agency's IdP (Keycloak then also refuses an ID token
 * whose {@code auth_time} is older), and no fixed {@code prompt}, so a client's {@code prompt=login}
 * is passed on too.
 */
@ApplicationScoped
class IdentityProviderKeycloak {

    static final String UPSTREAM_MAPPER = "agency-verify-upstream-sign-in";
    static final String UPSTREAM_MAPPER_NAME = "agency-verify upstream sign-in";

    private final KeycloakAdmin keycloak;
    private final KeycloakRollback rollback;
    private final FederationConfig config;

    IdentityProviderKeycloak(KeycloakAdmin keycloak, KeycloakRollback rollback, FederationConfig config) {
        this.keycloak = keycloak;
        this.rollback = rollback;
        this.config = config;
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
        idp.setPostBrokerLoginFlowAlias(config.postBrokerLoginFlow());
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
        settings.putAll(FRESH_SIGN_IN);
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
        keycloak.run("add upstream sign-in mapper", realm -> addUpstreamMapper(realm.identityProviders().get(request.alias()), request.alias()));
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

    /** Config of every agency IdP: max_age passed on; prompt unset, so the client's own prompt is passed on. */
    private static final Map<String, String> FRESH_SIGN_IN = Map.of("passMaxAge", "true", "prompt", "");

    /**
     * Brings an IdP linked before (or changed by hand) in line with what every agency IdP has; answers
     * whether anything had to change. An IdP missing from the realm is left to the operator (false).
     */
    boolean ensureBrokered(String alias) {
        return keycloak.call("ensure identity provider settings", realm -> {
            IdentityProviderResource resource = realm.identityProviders().get(alias);
            IdentityProviderRepresentation idp;
            try {
                idp = resource.toRepresentation();
            } catch (jakarta.ws.rs.NotFoundException e) {
                io.quarkus.logging.Log.errorf("Identity provider %s is linked to an agency but missing from Keycloak", alias);
                return false;
            }
            boolean changed = !config.firstBrokerLoginFlow().equals(idp.getFirstBrokerLoginFlowAlias())
                    || !config.postBrokerLoginFlow().equals(idp.getPostBrokerLoginFlowAlias())
                    || FRESH_SIGN_IN.entrySet().stream().anyMatch(e -> !e.getValue().equals(idp.getConfig().getOrDefault(e.getKey(), "")));
            if (changed) {
                idp.setFirstBrokerLoginFlowAlias(config.firstBrokerLoginFlow());
                idp.setPostBrokerLoginFlowAlias(config.postBrokerLoginFlow());
                idp.getConfig().putAll(FRESH_SIGN_IN);
                // The client secret comes back masked; Keycloak keeps the stored one for the mask.
                resource.update(idp);
            }
            return addUpstreamMapper(resource, alias) || changed;
        });
    }

    private static boolean addUpstreamMapper(IdentityProviderResource resource, String alias) {
        if (resource.getMappers().stream().anyMatch(m -> UPSTREAM_MAPPER.equals(m.getIdentityProviderMapper()))) {
            return false;
        }
        IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
        mapper.setName(UPSTREAM_MAPPER_NAME);
        mapper.setIdentityProviderAlias(alias);
        mapper.setIdentityProviderMapper(UPSTREAM_MAPPER);
        mapper.setConfig(Map.of("syncMode", "INHERIT"));
        try (var response = resource.addMapper(mapper)) {
            if (response.getStatus() != 201) {
                throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
            }
        }
        return true;
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
}
