package org.agencyverify.federation;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.identity.KeycloakRefusedException;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;

/**
 * Realm-wide pieces every brokered agency IdP needs, made at run time and idempotently, also on a
 * realm made before them: the first- and post-broker-login flows, whose one step is the project's
 * Keycloak provider {@value #LINK_AUTHENTICATOR} (keycloak/extension: only an existing officer or
 * agency admin of the IdP's own organization, at a verified domain, ever signs in through it; a flow
 * with anything else in it, such as the create-or-auto-link flow this service made before, is
 * converted in place), and the token claims {@code identity_provider}, {@code idp_auth_time},
 * {@code idp_acr} and {@code idp_amr} (the agency's own sign-in, kept by the IdP mapper).
 */
@ApplicationScoped
class BrokerSetup {

    static final String LINK_AUTHENTICATOR = "agency-verify-link-enrolled";
    static final String CLAIM_MAPPER = "agency-verify identity provider";
    /** Keycloak's error events that record a refusal of {@value #LINK_AUTHENTICATOR}. */
    static final Set<String> REFUSAL_EVENTS = Set.of("IDENTITY_PROVIDER_FIRST_LOGIN_ERROR", "IDENTITY_PROVIDER_POST_LOGIN_ERROR");
    /** Replicas must not convert a flow at the same time (each would add the step once). */
    private static final long SETUP_LOCK = 0x4b4342524f4bL;

    /** A token claim copied from a user session note. */
    private record Claim(String mapper, String note, String claim, String type) {}

    private static final List<Claim> CLAIMS = List.of(
            new Claim(CLAIM_MAPPER, "identity_provider", "identity_provider", "String"),
            new Claim("agency-verify idp_auth_time", "idp_auth_time", "idp_auth_time", "long"),
            new Claim("agency-verify idp_acr", "idp_acr", "idp_acr", "String"),
            new Claim("agency-verify idp_amr", "idp_amr", "idp_amr", "JSON"));

    private final KeycloakAdmin keycloak;
    private final FederationConfig config;
    private final EntityManager entityManager;

    BrokerSetup(KeycloakAdmin keycloak, FederationConfig config, EntityManager entityManager) {
        this.keycloak = keycloak;
        this.config = config;
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void ensure() {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, SETUP_LOCK).getSingleResult();
        ensureFlow(config.firstBrokerLoginFlow(), "agency-verify: a first sign-in through an agency's IdP links only the existing, "
                + "enabled officer or agency admin of that agency's organization whose email it asserts at a verified domain; "
                + "never creates an account");
        ensureFlow(config.postBrokerLoginFlow(), "agency-verify: every later sign-in through an agency's IdP passes the same rule as the first");
        keycloak.run("ensure federation claims", this::ensureClaims);
        keycloak.run("check event storage", BrokerSetup::checkEvents);
    }

    /** Creates the flow, or converts it in place (IdPs point at its id) until its only step is the rule. */
    void ensureFlow(String alias, String description) {
        keycloak.run("ensure flow " + alias, realm -> ensureFlow(realm, alias, description));
    }

    private void ensureFlow(RealmResource realm, String alias, String description) {
        if (realm.flows().getFlows().stream().noneMatch(flow -> alias.equals(flow.getAlias()))) {
            AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
            flow.setAlias(alias);
            flow.setDescription(description);
            flow.setProviderId("basic-flow");
            flow.setTopLevel(true);
            flow.setBuiltIn(false);
            try (var response = realm.flows().createFlow(flow)) {
                if (response.getStatus() != 201 && response.getStatus() != 409) {
                    throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
                }
            }
        }
        List<AuthenticationExecutionInfoRepresentation> executions = realm.flows().getExecutions(alias);
        if (executions.size() == 1 && isLinkStep(executions.get(0))) {
            return;
        }
        // Ours first, then the rest out: at no moment does the flow lack the rule.
        if (executions.stream().noneMatch(BrokerSetup::isLinkStep)) {
            realm.flows().addExecution(alias, Map.of("provider", LINK_AUTHENTICATOR));
        }
        for (AuthenticationExecutionInfoRepresentation execution : realm.flows().getExecutions(alias)) {
            if (LINK_AUTHENTICATOR.equals(execution.getProviderId()) && execution.getLevel() == 0) {
                execution.setRequirement("REQUIRED");
                realm.flows().updateExecutions(alias, execution);
            }
        }
        boolean kept = false;
        for (AuthenticationExecutionInfoRepresentation execution : realm.flows().getExecutions(alias)) {
            if (execution.getLevel() != 0) {
                continue; // removed with their sub-flow
            }
            if (!kept && isLinkStep(execution)) {
                kept = true;
            } else {
                realm.flows().removeExecution(execution.getId());
            }
        }
        Log.infof("Keycloak flow %s: its only step is now %s (had %d executions)", alias, LINK_AUTHENTICATOR, executions.size());
    }

    private static boolean isLinkStep(AuthenticationExecutionInfoRepresentation execution) {
        return LINK_AUTHENTICATOR.equals(execution.getProviderId()) && "REQUIRED".equals(execution.getRequirement())
                && execution.getLevel() == 0;
    }

    private void ensureClaims(RealmResource realm) {
        ClientScopeRepresentation scope = realm.clientScopes().findAll().stream()
                .filter(s -> config.claimScope().equals(s.getName())).findFirst()
                .orElseThrow(() -> new KeycloakRefusedException("find client scope " + config.claimScope(), 404));
        var mappers = realm.clientScopes().get(scope.getId()).getProtocolMappers();
        Set<String> present = mappers.getMappers().stream().map(ProtocolMapperRepresentation::getName)
                .collect(java.util.stream.Collectors.toSet());
        for (Claim claim : CLAIMS) {
            if (present.contains(claim.mapper())) {
                continue;
            }
            ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
            mapper.setName(claim.mapper());
            mapper.setProtocol("openid-connect");
            mapper.setProtocolMapper("oidc-usersessionmodel-note-mapper");
            mapper.setConfig(Map.of("user.session.note", claim.note(), "claim.name", claim.claim(),
                    "jsonType.label", claim.type(), "access.token.claim", "true", "id.token.claim", "true",
                    "introspection.token.claim", "true"));
            try (var response = mappers.createMapper(mapper)) {
                if (response.getStatus() != 201 && response.getStatus() != 409) {
                    throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
                }
            }
        }
    }

    /**
     * The realm file turns on the storage of the refusal events; a realm made before it may not keep
     * them. The service may only read events (view-events), never change or clear them: it says so loudly.
     */
    private static void checkEvents(RealmResource realm) {
        RealmEventsConfigRepresentation events;
        try {
            events = realm.getRealmEventsConfig();
        } catch (jakarta.ws.rs.WebApplicationException e) {
            Log.errorf("Cannot read Keycloak's event settings (HTTP %d): give the service account the role view-events, "
                    + "or refused federated sign-ins are not audited", e.getResponse().getStatus());
            return;
        }
        List<String> types = events.getEnabledEventTypes() == null ? List.of() : events.getEnabledEventTypes();
        // An empty list means Keycloak's default types, which include these.
        if (!Boolean.TRUE.equals(events.isEventsEnabled()) || !types.isEmpty() && !types.containsAll(REFUSAL_EVENTS)) {
            Log.errorf("Keycloak does not store the events %s: refused federated sign-ins are not audited. Turn on the "
                    + "realm's user events with these types (README, Officers and federation)", REFUSAL_EVENTS);
        }
    }
}
