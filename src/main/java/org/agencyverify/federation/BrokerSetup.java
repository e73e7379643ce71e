package org.agencyverify.federation;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.identity.KeycloakRefusedException;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * Realm-wide pieces every brokered agency IdP needs, created at run time and idempotently (the
 * realm file is not ours to change): the first-broker-login flow that links an enrolled officer's
 * existing user when the agency's IdP asserts the same email, then makes them a member of the
 * agency's organization; and a token claim {@code identity_provider} naming the IdP used.
 */
@ApplicationScoped
class BrokerSetup {

    static final String CLAIM_MAPPER = "agency-verify identity provider";

    private final KeycloakAdmin keycloak;
    private final FederationConfig config;

    BrokerSetup(KeycloakAdmin keycloak, FederationConfig config) {
        this.keycloak = keycloak;
        this.config = config;
    }

    void ensure() {
        keycloak.run("ensure first-broker-login flow", this::ensureFlow);
        keycloak.run("ensure identity_provider claim", this::ensureClaim);
    }

    private void ensureFlow(RealmResource realm) {
        String alias = config.firstBrokerLoginFlow();
        if (realm.flows().getFlows().stream().anyMatch(flow -> alias.equals(flow.getAlias()))) {
            return;
        }
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setDescription("agency-verify: link an enrolled officer by email, then join the agency's organization");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        try (var response = realm.flows().createFlow(flow)) {
            if (response.getStatus() == 409) {
                return; // created concurrently
            }
            if (response.getStatus() != 201) {
                throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
            }
        }
        try {
            String linkOrCreate = alias + "-link-or-create";
            realm.flows().addExecutionFlow(alias, Map.of("alias", linkOrCreate, "type", "basic-flow",
                    "provider", "registration-page-form", "description", "Create the user, or link the existing one"));
            realm.flows().addExecution(linkOrCreate, Map.of("provider", "idp-create-user-if-unique"));
            realm.flows().addExecution(linkOrCreate, Map.of("provider", "idp-auto-link"));
            realm.flows().addExecution(alias, Map.of("provider", "idp-add-organization-member"));
            for (AuthenticationExecutionInfoRepresentation execution : realm.flows().getExecutions(alias)) {
                boolean alternative = "idp-create-user-if-unique".equals(execution.getProviderId())
                        || "idp-auto-link".equals(execution.getProviderId());
                execution.setRequirement(alternative ? "ALTERNATIVE" : "REQUIRED");
                realm.flows().updateExecutions(alias, execution);
            }
            Log.infof("Created Keycloak first-broker-login flow %s", alias);
        } catch (RuntimeException e) {
            // A half-built flow would be reused as if complete: remove it so the next link rebuilds it.
            realm.flows().getFlows().stream().filter(f -> alias.equals(f.getAlias())).findFirst()
                    .ifPresent(f -> keycloak.compensate("delete half-built flow", r -> r.flows().deleteFlow(f.getId())));
            throw e;
        }
    }

    private void ensureClaim(RealmResource realm) {
        ClientScopeRepresentation scope = realm.clientScopes().findAll().stream()
                .filter(s -> config.claimScope().equals(s.getName())).findFirst()
                .orElseThrow(() -> new KeycloakRefusedException("find client scope " + config.claimScope(), 404));
        var mappers = realm.clientScopes().get(scope.getId()).getProtocolMappers();
        if (mappers.getMappers().stream().anyMatch(m -> CLAIM_MAPPER.equals(m.getName()))) {
            return;
        }
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(CLAIM_MAPPER);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-usersessionmodel-note-mapper");
        mapper.setConfig(Map.of("user.session.note", "identity_provider", "claim.name", "identity_provider",
                "jsonType.label", "String", "access.token.claim", "true", "id.token.claim", "true",
                "introspection.token.claim", "true"));
        try (var response = mappers.createMapper(mapper)) {
            if (response.getStatus() != 201 && response.getStatus() != 409) {
                throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
            }
        }
    }
}
