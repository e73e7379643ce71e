package org.agencyverify.federation;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * A federated officer's phishing-resistant sign-in, for the EMERGENCY tier, with Keycloak's own
 * acr-to-LoA mapping: nothing in the service or its config is bent for it.
 *
 * <p>Keycloak 26 puts in {@code acr} the level of authentication of the sign-in mapped through the
 * client's {@code acr.loa.map} (level 1 for a fresh sign-in without level conditions in the flow, so
 * a brokered login is "1" on an ordinary client, which EMERGENCY refuses). This adds to the running
 * realm, additively, a throwaway client standing for a portal console used by an agency whose IdP
 * signs officers in with phishing-resistant authenticators: its browser flow is an override that
 * only redirects to the identity provider (no password form, no local sign-in at all), and its
 * {@code acr.loa.map} names that sign-in {@code phr}. So a token of this client says {@code phr} only
 * for a sign-in that went through an agency IdP, and the service still checks the
 * {@code identity_provider} claim against the officer's own agency. The agency's IdP is a second
 * realm ({@link AgencyIdpRealm}) linked through the service's API, as in {@link FederationEndToEndTest}.
 */
public final class PhishingResistantFederation implements AutoCloseable {

    public final String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
    public final String clientId = "emergency-console-" + UUID.randomUUID().toString().substring(0, 8);
    private final String flowAlias = "broker-only-" + UUID.randomUUID().toString().substring(0, 8);
    private final RealmResource realm;
    private final String issuer;
    private final AgencyIdpRealm idp;
    private String clientUuid;
    private String flowId;

    /** Links a fresh agency IdP for {@code officerEmail} to the agency and sets up the broker-only client. */
    public PhishingResistantFederation(TestIdentities identities, String keycloakUrl, String issuer, TestAgency agency,
            String officerEmail) {
        this.realm = identities.realm();
        this.issuer = issuer;
        this.idp = new AgencyIdpRealm(keycloakUrl, alias, officerEmail);
        try {
            new OperatorChanges(identities).linkIdentityProvider(agency.id(),
                    Map.of("alias", alias, "issuer", idp.issuer(), "clientId", idp.clientId, "clientSecret", idp.clientSecret));
            createBrokerOnlyFlow();
            createClient();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void createBrokerOnlyFlow() {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(flowAlias);
        flow.setDescription("test only: sign-in through an identity provider, nothing else");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        try (Response response = realm.flows().createFlow(flow)) {
            check(response, "create flow");
            flowId = id(response);
        }
        realm.flows().addExecution(flowAlias, Map.of("provider", "identity-provider-redirector"));
        AuthenticationExecutionInfoRepresentation execution = realm.flows().getExecutions(flowAlias).get(0);
        execution.setRequirement("REQUIRED");
        realm.flows().updateExecutions(flowAlias, execution);
    }

    private void createClient() {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setName("test only: console of a phishing-resistant agency IdP");
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setRedirectUris(List.of("http://127.0.0.1/*"));
        client.setAttributes(Map.of("pkce.code.challenge.method", "S256",
                "acr.loa.map", "{\"phr\":1}",
                "default.acr.values", "phr"));
        client.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("agency-verify-api audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", "agency-verify-api", "id.token.claim", "false",
                "access.token.claim", "true", "introspection.token.claim", "true"));
        client.setProtocolMappers(List.of(audience));
        try (Response response = realm.clients().create(client)) {
            check(response, "create client");
            clientUuid = id(response);
        }
    }

    /** The federated officer the agency enrolled, and their phishing-resistant token. */
    public record FederatedOfficer(UUID id, String email, String token) {}

    /**
     * The agency's admin enrolls the officer of the agency's IdP (after the link: no local
     * credentials), the officer signs in through it (the first federated sign-in is what lets a
     * federated officer be activated), and the admin activates them.
     */
    public FederatedOfficer activeOfficer(TestAgency agency) {
        String id = given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                .body(Map.of("email", idp.email, "name", "Dana Federated", "badgeNumber", "E-" + UUID.randomUUID()))
                .post("/v1/agencies/" + agency.id() + "/officers").then().statusCode(201).extract().path("id");
        String token = signIn();
        given().header("Authorization", agency.admin().bearer())
                .post("/v1/agencies/" + agency.id() + "/officers/" + id + "/activate").then().statusCode(200);
        return new FederatedOfficer(UUID.fromString(id), idp.email, token);
    }

    /** The officer signs in at the agency's IdP; answers the access token of our realm. */
    public String signIn() {
        BrowserlessLogin login = new BrowserlessLogin(issuer, clientId);
        BrowserlessLogin.Page page = login.authorize("openid", Map.of("kc_idp_hint", alias));
        if (!page.uri().toString().startsWith(idp.issuer())) {
            throw new IllegalStateException("not sent to the agency's IdP: " + page.uri() + " " + BrowserlessLogin.inputs(page));
        }
        page = login.submit(page, "kc-form-login", Map.of("username", "officer", "password", idp.userPassword));
        if (login.code() == null) {
            throw new IllegalStateException("no code after the IdP sign-in: " + page.uri() + " " + BrowserlessLogin.inputs(page));
        }
        return login.tokens().path("access_token").asText();
    }

    /** A sign-in through the ordinary client of the realm: the same IdP, but no phr. */
    public String signInThroughTheOrdinaryClient() {
        BrowserlessLogin login = new BrowserlessLogin(issuer, TestIdentities.CLIENT);
        BrowserlessLogin.Page page = login.authorize("openid", Map.of("kc_idp_hint", alias));
        page = login.submit(page, "kc-form-login", Map.of("username", "officer", "password", idp.userPassword));
        if (login.code() == null) {
            throw new IllegalStateException("no code after the IdP sign-in: " + BrowserlessLogin.inputs(page));
        }
        return login.tokens().path("access_token").asText();
    }

    public static JsonNode claims(String token) {
        return BrowserlessLogin.claims(token);
    }

    @Override
    public void close() {
        if (clientUuid != null) {
            realm.clients().get(clientUuid).remove();
        }
        if (flowId != null) {
            realm.flows().deleteFlow(flowId);
        }
        idp.close();
    }

    private static void check(Response response, String what) {
        if (response.getStatus() != 201) {
            throw new IllegalStateException(what + ": HTTP " + response.getStatus());
        }
    }

    private static String id(Response response) {
        String location = response.getLocation().getPath();
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
