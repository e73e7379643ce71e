package org.agencyverify.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.officer.Officer;
import org.agencyverify.portal.Portal;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * Attacks on the admin plane: a phished operator or agency-admin password (no second factor), and an
 * agency identity provider asserting an operator. Each is refused before anything is created, and
 * the refusal says how to get in properly (RFC 9470) only where a stronger sign-in would help.
 */
@QuarkusTest
class AdminSignInTest {

    @Inject
    TestIdentities identities;

    @Inject
    EnrolledAgencies agencies;

    @Inject
    AgencyVerifyConfig config;

    @Inject
    BrokerSetup broker;

    private static ValidatableResponse stepUp(io.restassured.response.Response response) {
        return response.then().statusCode(401)
                .contentType(containsString("application/problem+json"))
                .header("WWW-Authenticate", allOf(containsString("Bearer error=\"insufficient_user_authentication\""),
                        containsString("max_age=\"3600\"")))
                .body("type", equalTo(ProblemType.INSUFFICIENT_USER_AUTHENTICATION.uri()));
    }

    @Test
    void aPhishedOperatorPasswordCreatesNothing() {
        TestUser phished = identities.userWithoutSecondFactor(Roles.OPERATOR);
        String name = "Phished PD " + UUID.randomUUID();
        stepUp(given().header("Authorization", phished.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "CITY", "country", "US")).post("/v1/agencies"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Agency.count("name", name)));
        String audience = "https://phished-" + UUID.randomUUID() + ".example";
        stepUp(given().header("Authorization", phished.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "Phished portal", "audience", audience)).post("/v1/portals"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Portal.count("audience", audience)));
        stepUp(given().header("Authorization", phished.bearer()).get("/v1/agencies"));
        stepUp(given().header("Authorization", phished.bearer()).post("/v1/signing-keys/rotate"));

        // The same person after a sign-in with the second factor.
        TestUser strong = identities.user(Roles.OPERATOR);
        given().header("Authorization", strong.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "CITY", "country", "US")).post("/v1/agencies").then().statusCode(201);
    }

    @Test
    void aPhishedAgencyAdminPasswordEnrollsNobody() {
        TestAgency agency = agencies.active();
        TestUser phished = identities.userWithoutSecondFactor(Roles.AGENCY_ADMIN);
        QuarkusTransaction.requiringNew().run(() -> {
            org.agencyverify.agency.AgencyAdmin admin = new org.agencyverify.agency.AgencyAdmin();
            admin.id = UUID.randomUUID();
            admin.agencyId = agency.id();
            admin.keycloakUserId = phished.id();
            admin.email = phished.email();
            admin.name = "Phished Admin";
            admin.createdAt = java.time.Instant.now();
            admin.persist();
        });
        String email = agency.email("mallory-" + UUID.randomUUID().toString().substring(0, 6));
        stepUp(given().header("Authorization", phished.bearer()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Mallory", "badgeNumber", "M-1"))
                .post("/v1/agencies/" + agency.id() + "/officers"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Officer.count("email", email)));
        stepUp(given().header("Authorization", phished.bearer()).get("/v1/agencies/" + agency.id()));
        // The fixture's admin signed in with a second factor: let in.
        given().header("Authorization", agency.admin().bearer()).get("/v1/agencies/" + agency.id()).then().statusCode(200);
    }

    @Test
    void onlyAdminRolesAreAskedToStepUp() {
        // An officer or a portal gains nothing from a stronger sign-in here: a plain 403.
        TestUser officer = identities.userWithoutSecondFactor(Roles.OFFICER);
        given().header("Authorization", officer.bearer()).get("/v1/agencies").then().statusCode(403)
                .body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        // A weak operator on a portal-only endpoint: the role it lacks is not the one withheld.
        TestUser phished = identities.userWithoutSecondFactor(Roles.OPERATOR);
        given().header("Authorization", phished.bearer()).contentType(ContentType.URLENC).formParam("token", "x")
                .post("/v1/tokens/introspect").then().statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        // /v1/me still answers, without the withheld role.
        given().header("Authorization", phished.bearer()).get("/v1/me").then().statusCode(200)
                .body("roles", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(Roles.OPERATOR)));
    }

    @Test
    void anAgencyIdentityProviderNeverMakesAnOperator() throws Exception {
        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        TestUser operator = identities.user(Roles.OPERATOR);
        try (AgencyIdpRealm idp = new AgencyIdpRealm(config.keycloak().url(), alias, operator.email())) {
            // The strongest position an attacker with a rogue IdP can reach: the operator's account
            // linked to it (by a flawed auto-link, or any other way).
            QuarkusTransaction.requiringNew().run(broker::ensure);
            IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
            provider.setAlias(alias);
            provider.setProviderId("oidc");
            provider.setEnabled(true);
            provider.setConfig(Map.of("issuer", idp.issuer(), "authorizationUrl", idp.issuer() + "/protocol/openid-connect/auth",
                    "tokenUrl", idp.issuer() + "/protocol/openid-connect/token", "jwksUrl", idp.issuer() + "/protocol/openid-connect/certs",
                    "useJwksUrl", "true", "validateSignature", "true", "clientId", idp.clientId, "clientSecret", idp.clientSecret,
                    "clientAuthMethod", "client_secret_post", "defaultScope", "openid email profile"));
            try (Response created = identities.realm().identityProviders().create(provider)) {
                assertEquals(201, created.getStatus());
            }
            try {
                String token = signInThroughHandMadeLink(idp, alias, operator.id());
                JsonNode claims = BrowserlessLogin.claims(token);
                assertTrue(claims.path("realm_access").path("roles").toString().contains(Roles.OPERATOR), "Keycloak grants the role");

                String name = "Rogue IdP PD " + UUID.randomUUID();
                given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                        .body(Map.of("name", name, "kind", "CITY", "country", "US")).post("/v1/agencies").then()
                        .statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
                assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Agency.count("name", name)));
            } finally {
                identities.realm().identityProviders().get(alias).remove();
            }
        }
    }

    @Test
    void anAgencyAdminSignedInThroughAnIdentityProviderActsOnlyForTheAgencyThatLinkedIt() throws Exception {
        TestAgency linking = agencies.active();
        TestAgency victim = agencies.active();
        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        TestUser victimAdmin = victim.admin();
        try (AgencyIdpRealm idp = new AgencyIdpRealm(config.keycloak().url(), alias, victimAdmin.email(),
                AgencyIdpRealm.Upstream.acr("urn:agency:mfa", "pwd", "otp"))) {
            new OperatorChanges(identities).linkIdentityProvider(linking.id(), idp.linkRequest(alias, "urn:agency:mfa"));
            // Past every check in Keycloak (a hand-made link, the re-check on later sign-ins switched off): the
            // linking agency's IdP signs in as the other agency's admin, with a strong sign-in of its own.
            IdentityProviderRepresentation provider = identities.realm().identityProviders().get(alias).toRepresentation();
            provider.setPostBrokerLoginFlowAlias(null);
            identities.realm().identityProviders().get(alias).update(provider);
            String token = signInThroughHandMadeLink(idp, alias, victimAdmin.id());

            String officer = victim.email("mallory-" + UUID.randomUUID().toString().substring(0, 6));
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body(Map.of("email", officer, "name", "Mallory", "badgeNumber", "M-2"))
                    .post("/v1/agencies/" + victim.id() + "/officers").then().statusCode(403)
                    .body("type", equalTo(ProblemType.FORBIDDEN.uri()));
            assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Officer.count("email", officer)));
            given().header("Authorization", "Bearer " + token).get("/v1/agencies/" + victim.id()).then().statusCode(403);
            // The same admin signed in at home (password and one-time code) still acts for their own agency.
            given().header("Authorization", victimAdmin.bearer()).get("/v1/agencies/" + victim.id()).then().statusCode(200);
        }
    }

    /**
     * Links the IdP's user to our user {@code userId} by hand (past any first-broker-login check) and signs in
     * through the IdP; answers our realm's access token, which names that user and the IdP.
     */
    private String signInThroughHandMadeLink(AgencyIdpRealm idp, String alias, String userId) {
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider(alias);
        link.setUserId(idp.userId());
        link.setUserName("officer");
        try (Response linked = identities.realm().users().get(userId).addFederatedIdentity(alias, link)) {
            assertEquals(204, linked.getStatus());
        }
        BrowserlessLogin login = new BrowserlessLogin(config.keycloak().issuer(), TestIdentities.CLIENT);
        BrowserlessLogin.Page page = login.authorize("openid", Map.of("kc_idp_hint", alias));
        page = login.submit(page, "kc-form-login", Map.of("username", "officer", "password", idp.userPassword));
        assertTrue(login.code() != null, "signed in through the IdP: " + BrowserlessLogin.inputs(page));
        String token = login.tokens().path("access_token").asText();
        JsonNode claims = BrowserlessLogin.claims(token);
        assertEquals(userId, claims.path("sub").asText());
        assertEquals(alias, claims.path("identity_provider").asText());
        return token;
    }
}
