package org.agencyverify.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.security.Roles;
import org.agencyverify.officer.Officer;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;
import org.agencyverify.support.TestLog;

/**
 * An officer signs in through their agency's own IdP (a second realm), brokered by our realm, and
 * gets a token of our realm for their enrolled user, in the agency's organization, naming the IdP.
 */
@QuarkusTest
class FederationEndToEndTest {

    @Inject
    TestIdentities identities;

    @Inject
    EnrolledAgencies agencies;

    @Inject
    AgencyVerifyConfig config;

    @Inject
    OperatorChanges operators;

    @Test
    void officerSignsInThroughTheAgencysIdentityProvider() throws Exception {
        TestAgency agency = agencies.active();
        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        String email = agency.email("dana");
        String operator = identities.user(Roles.OPERATOR).bearer();
        try (AgencyIdpRealm idp = new AgencyIdpRealm(config.keycloak().url(), alias, email)) {
            // One operator proposes, a second approves: then it is linked (IdentityProviderChangeTest: not before).
            var proposed = given().header("Authorization", operator).contentType(ContentType.JSON)
                    .body(Map.of("alias", alias, "issuer", idp.issuer(), "clientId", idp.clientId, "clientSecret", idp.clientSecret))
                    .post(FederationTestSupport.path(agency.id())).then()
                    .statusCode(202)
                    .body("change.identityProvider.alias", equalTo(alias)).body("change.identityProvider.issuer", equalTo(idp.issuer()))
                    .body("change.identityProvider", not(hasKey("clientSecret")))
                    .extract();
            String changeId = proposed.path("change.id");
            assertTrue(proposed.header("Location").endsWith("/v1/agencies/" + agency.id() + "/changes/" + changeId));
            operators.approve(agency.id(), changeId);
            given().header("Authorization", operator).get(FederationTestSupport.path(agency.id()) + "/" + alias).then()
                    .statusCode(200).body("alias", equalTo(alias)).body("issuer", equalTo(idp.issuer()))
                    .body("domain", equalTo(agency.domain())).body("syncMode", equalTo("IMPORT"))
                    .body("$", not(hasKey("clientSecret")));

            var representation = identities.realm().identityProviders().get(alias).toRepresentation();
            assertEquals(idp.issuer(), representation.getConfig().get("issuer"));
            assertEquals(agency.domain(), representation.getConfig().get("kc.org.domain"));
            assertEquals("true", representation.getConfig().get("kc.org.broker.redirect.mode.email-matches"));
            assertEquals("agency-verify-first-broker-login", representation.getFirstBrokerLoginFlowAlias());
            assertEquals("agency-verify-post-broker-login", representation.getPostBrokerLoginFlowAlias());
            assertTrue(identities.realm().organizations().get(agency.orgId()).identityProviders().getIdentityProviders()
                    .stream().anyMatch(i -> alias.equals(i.getAlias())));

            // Enrolled after the link: no local credential to set up, sign-in at the agency only.
            String officerId = given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "name", "Dana Federated", "badgeNumber", "F-1"))
                    .post("/v1/agencies/" + agency.id() + "/officers").then().statusCode(201).extract().path("id");
            String officerUser = QuarkusTransaction.requiringNew().call(() ->
                    Officer.<Officer>findById(UUID.fromString(officerId)).keycloakUserId);
            given().header("Authorization", agency.admin().bearer())
                    .post("/v1/agencies/" + agency.id() + "/officers/" + officerId + "/activate").then().statusCode(409);

            BrowserlessLogin login = new BrowserlessLogin(config.keycloak().issuer(), TestIdentities.CLIENT);
            BrowserlessLogin.Page page = login.authorize("openid organization", Map.of("kc_idp_hint", alias));
            assertTrue(page.uri().toString().startsWith(idp.issuer()), "redirected to the agency's IdP: " + page.uri());
            page = login.submit(page, "kc-form-login", Map.of("username", "officer", "password", idp.userPassword));
            assertTrue(login.code() != null, "back at the client with a code: " + BrowserlessLogin.inputs(page));
            JsonNode claims = BrowserlessLogin.claims(login.tokens().path("access_token").asText());
            assertEquals(officerUser, claims.path("sub").asText(), "the enrolled officer's own user, linked by email");
            assertEquals(email, claims.path("email").asText());
            assertEquals(alias, claims.path("identity_provider").asText());
            assertTrue(claims.path("organization").toString().contains("\"" + orgAlias(agency) + "\""),
                    claims.path("organization").toString());
            assertTrue(agencies.memberIds(agency).contains(officerUser));

            // The first federated sign-in is what activates a federated officer.
            given().header("Authorization", agency.admin().bearer())
                    .post("/v1/agencies/" + agency.id() + "/officers/" + officerId + "/activate").then()
                    .statusCode(200).body("status", equalTo("ACTIVE"));

            given().header("Authorization", operator).get(FederationTestSupport.path(agency.id()) + "/" + alias).then()
                    .statusCode(200).body("clientId", equalTo(idp.clientId)).body("$", not(hasKey("clientSecret")));
            given().header("Authorization", operator).get(FederationTestSupport.path(agency.id())).then()
                    .statusCode(200).body("alias", equalTo(List.of(alias)));

            operators.unlinkIdentityProvider(agency.id(), alias);
            assertTrue(identities.realm().identityProviders().findAll().stream().noneMatch(i -> alias.equals(i.getAlias())));
            given().header("Authorization", operator).get(FederationTestSupport.path(agency.id()) + "/" + alias).then().statusCode(404);

            List<AuditEvent> events = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(
                    "subjectId = ?1 and action like 'identity-provider.%' order by sequence", agency.id().toString()));
            assertEquals(List.of("identity-provider.linked", "identity-provider.unlinked"), events.stream().map(e -> e.action).toList());
            assertFalse(events.stream().anyMatch(e -> e.details.contains(idp.clientSecret)), "the secret is never audited");
            assertFalse(Files.readString(TestLog.file()).contains(idp.clientSecret), "the secret is never logged");
        }
    }

    private String orgAlias(TestAgency agency) {
        return identities.realm().organizations().get(agency.orgId()).toRepresentation().getAlias();
    }
}
