package org.agencyverify.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OperatorChanges;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One operator alone cannot change how an agency's officers sign in: linking or unlinking an agency's
 * IdP waits out the cool-down, with notices to the agency's contacts, unless a second operator
 * approves. The IdP is a second realm of the shared Keycloak, as in the other federation tests.
 */
@QuarkusTest
class IdentityProviderChangeTest {

    @Inject
    TestIdentities identities;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    AgencyVerifyConfig config;
    @Inject
    OperatorChanges operators;
    @Inject
    EntityManager entityManager;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private static ValidatableResponse approve(String bearer, UUID agency, String changeId) {
        return given().header("Authorization", bearer).post("/v1/agencies/" + agency + "/changes/" + changeId + "/approve").then();
    }

    private boolean inKeycloak(String alias) {
        return identities.realm().identityProviders().findAll().stream().anyMatch(i -> alias.equals(i.getAlias()));
    }

    private static long rows(String alias) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyIdentityProvider.count("alias", alias));
    }

    /** An agency with one webhook contact, who is told of changes. */
    private record Scene(TestAgency agency, String contactPath) {}

    private Scene scene() {
        TestAgency agency = agencies.active();
        String path = "/contact/" + UUID.randomUUID();
        operators.registerContact(agency.id(), Map.of("name", "Records system", "role", "records system", "level", "SUPERVISOR",
                "channel", Map.of("type", "WEBHOOK", "url", receiver.url(path))));
        return new Scene(agency, path);
    }

    @Test
    void anOperatorsLinkWaitsUntilASecondOperatorApprovesAndItsSecretIsNeverStoredInTheClear() {
        Scene s = scene();
        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        TestUser proposer = identities.user(Roles.OPERATOR);
        try (AgencyIdpRealm idp = new AgencyIdpRealm(config.keycloak().url(), alias, s.agency().email("dana"))) {
            String changeId = given().header("Authorization", proposer.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("alias", alias, "issuer", idp.issuer(), "clientId", idp.clientId, "clientSecret", idp.clientSecret))
                    .post(FederationTestSupport.path(s.agency().id())).then().statusCode(202)
                    .body("change.action", equalTo("LINK_IDENTITY_PROVIDER")).body("change.status", equalTo("PENDING"))
                    .body("change.identityProvider.alias", equalTo(alias)).body("change.identityProvider.issuer", equalTo(idp.issuer()))
                    .body("change.identityProvider", not(hasKey("clientSecret"))).body("change.notificationsTotal", equalTo(1))
                    .extract().path("change.id");

            // Nothing is linked yet.
            assertFalse(inKeycloak(alias));
            assertEquals(0, rows(alias));
            given().header("Authorization", proposer.bearer()).get(FederationTestSupport.path(s.agency().id()) + "/" + alias)
                    .then().statusCode(404);
            // The secret waits sealed, never in the clear in any column of the change.
            assertFalse(changeRowText(changeId).contains(idp.clientSecret), "the client secret is stored sealed only");
            assertTrue(sealedSecret(changeId) != null);
            // The agency's contact is told.
            Eventually.within(Duration.ofSeconds(20), () -> assertFalse(receiver.received(s.contactPath()).isEmpty()));
            String notice = receiver.received(s.contactPath()).get(0).body();
            assertTrue(notice.contains(changeId) && notice.contains(alias), notice);
            assertFalse(notice.contains(idp.clientSecret));

            // Neither the proposer nor the agency's admin approves it.
            approve(proposer.bearer(), s.agency().id(), changeId).statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()))
                    .body("detail", containsString("second operator"));
            approve(s.agency().admin().bearer(), s.agency().id(), changeId).statusCode(403);
            assertFalse(inKeycloak(alias));

            // A second operator does: linked at once, and the sealed secret is dropped.
            approve(identities.user(Roles.OPERATOR).bearer(), s.agency().id(), changeId).statusCode(200)
                    .body("status", equalTo("APPLIED"));
            assertTrue(inKeycloak(alias));
            assertEquals(1, rows(alias));
            assertEquals(idp.issuer(), identities.realm().identityProviders().get(alias).toRepresentation().getConfig().get("issuer"));
            assertNull(sealedSecret(changeId), "dropped once applied");
            List<AuditEvent> events = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(
                    "subjectId in (?1, ?2) order by sequence", changeId, s.agency().id().toString()));
            assertTrue(events.stream().map(e -> e.action).toList().containsAll(List.of("contact.change-proposed",
                    "contact.change-approved", "identity-provider.linked", "contact.change-applied")), events.toString());
            assertFalse(events.stream().anyMatch(e -> e.details.contains(idp.clientSecret)), "the secret is never audited");

            // Unlinking waits the same way.
            TestUser unlinker = identities.user(Roles.OPERATOR);
            String unlink = given().header("Authorization", unlinker.bearer())
                    .delete(FederationTestSupport.path(s.agency().id()) + "/" + alias).then().statusCode(202)
                    .body("change.action", equalTo("UNLINK_IDENTITY_PROVIDER")).body("change.identityProvider.alias", equalTo(alias))
                    .extract().path("change.id");
            assertTrue(inKeycloak(alias));
            approve(unlinker.bearer(), s.agency().id(), unlink).statusCode(403);
            approve(s.agency().admin().bearer(), s.agency().id(), unlink).statusCode(403);
            assertTrue(inKeycloak(alias));
            assertEquals(1, rows(alias));
            approve(identities.user(Roles.OPERATOR).bearer(), s.agency().id(), unlink).statusCode(200).body("status", equalTo("APPLIED"));
            assertFalse(inKeycloak(alias));
            assertEquals(0, rows(alias));
        }
    }

    @Test
    void aSecondLinkOfAPendingAliasIsAConflict() {
        Scene s = scene();
        String alias = "idp-" + UUID.randomUUID().toString().substring(0, 8);
        String operator = identities.user(Roles.OPERATOR).bearer();
        Map<String, Object> body = IdentityProviderLinkTest.explicitBody(config, alias);
        given().header("Authorization", operator).contentType(ContentType.JSON).body(body)
                .post(FederationTestSupport.path(s.agency().id())).then().statusCode(202);
        given().header("Authorization", operator).contentType(ContentType.JSON).body(body)
                .post(FederationTestSupport.path(agencies.active().id())).then().statusCode(409)
                .body("errors[0].field", equalTo("alias"));
    }

    private Object sealedSecret(String changeId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT idp_client_secret_sealed FROM contact_change WHERE id = ?1").setParameter(1, UUID.fromString(changeId))
                .getSingleResult());
    }

    /** Every column of the change row, as text. */
    private String changeRowText(String id) {
        return QuarkusTransaction.requiringNew().call(() -> String.valueOf(entityManager.createNativeQuery(
                "SELECT row_to_json(c)::text FROM contact_change c WHERE id = ?1").setParameter(1, UUID.fromString(id)).getSingleResult()));
    }
}
