package org.agencyverify.portal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;

/** Portals against the real Keycloak: registered clients really get tokens; suspended ones do not. */
@QuarkusTest
class PortalResourceTest {

    @Inject
    TestIdentities identities;

    @Inject
    EntityManager entityManager;

    private String operator() {
        return identities.user(Roles.OPERATOR).bearer();
    }

    private static String audience() {
        return "https://portal-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    private ValidatableResponse register(String bearer, Map<String, ?> body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/v1/portals").then();
    }

    private ValidatableResponse register(String bearer, String audience) {
        return register(bearer, Map.of("name", "Records portal", "audience", audience,
                "eventEndpoint", "http://127.0.0.1:9/events"));
    }

    @Test
    void registeredPortalGetsClientCredentialsTokensAndIsSeenAsPortal() {
        String audience = audience();
        var created = register(operator(), audience)
                .statusCode(201)
                .header("Location", notNullValue())
                .body("portal.audience", equalTo(audience))
                .body("portal.status", equalTo("ACTIVE"))
                .body("clientId", equalTo(PortalService.clientIdFor(audience)))
                .body("clientSecret", notNullValue())
                .body("tokenEndpoint", notNullValue())
                .extract();
        String clientId = created.path("clientId");
        String secret = created.path("clientSecret");
        String id = created.path("portal.id");
        assertTrue(created.header("Location").endsWith("/v1/portals/" + id));

        String token = ClientCredentials.token(clientId, secret);
        given().header("Authorization", "Bearer " + token).get("/v1/me").then()
                .statusCode(200)
                .body("roles", hasItem(Roles.PORTAL))
                .body("roles", not(hasItem(Roles.OPERATOR)));

        given().header("Authorization", operator()).get("/v1/portals/" + id).then()
                .statusCode(200)
                .body("clientId", equalTo(clientId))
                .body("$", not(hasKey("clientSecret")));

        AuditEvent event = auditFor(id, "portal.registered");
        assertTrue(event.details.contains(audience));
        assertTrue(!event.details.contains(secret), "the secret must never reach the audit trail");
    }

    @Test
    void portalClientAllowsNoOtherFlow() {
        var created = register(operator(), audience()).statusCode(201).extract();
        ClientRepresentation client = identities.realm().clients().findByClientId(created.path("clientId")).get(0);
        assertEquals(Boolean.TRUE, client.isServiceAccountsEnabled());
        assertEquals(Boolean.FALSE, client.isStandardFlowEnabled());
        assertEquals(Boolean.FALSE, client.isDirectAccessGrantsEnabled());
        assertEquals(Boolean.FALSE, client.isImplicitFlowEnabled());
        assertEquals(Boolean.FALSE, client.isPublicClient());
    }

    @Test
    void suspendedPortalCannotGetATokenAndReinstatedCanAgain() {
        String bearer = operator();
        var created = register(bearer, audience()).statusCode(201).extract();
        String id = created.path("portal.id");
        String clientId = created.path("clientId");
        String secret = created.path("clientSecret");

        given().header("Authorization", bearer).post("/v1/portals/" + id + "/suspend").then()
                .statusCode(200).body("status", equalTo("SUSPENDED"));
        int refused = ClientCredentials.request(clientId, secret).statusCode();
        assertTrue(refused == 400 || refused == 401, "token endpoint answered " + refused);
        given().header("Authorization", bearer).post("/v1/portals/" + id + "/suspend").then()
                .statusCode(409).body("type", equalTo(ProblemType.CONFLICT.uri()));

        given().header("Authorization", bearer).post("/v1/portals/" + id + "/reinstate").then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
        ClientCredentials.token(clientId, secret);
        auditFor(id, "portal.suspended");
        auditFor(id, "portal.reinstated");
    }

    @Test
    void rotatedSecretReplacesTheOldOne() {
        String bearer = operator();
        var created = register(bearer, audience()).statusCode(201).extract();
        String id = created.path("portal.id");
        String clientId = created.path("clientId");
        String oldSecret = created.path("clientSecret");

        String newSecret = given().header("Authorization", bearer).post("/v1/portals/" + id + "/rotate-secret").then()
                .statusCode(200).body("clientId", equalTo(clientId)).extract().path("clientSecret");
        assertNotEquals(oldSecret, newSecret);
        ClientCredentials.token(clientId, newSecret);
        assertEquals(401, ClientCredentials.request(clientId, oldSecret).statusCode());
        assertTrue(!auditFor(id, "portal.secret-rotated").details.contains(newSecret));
    }

    @Test
    void listPagesThroughPortals() {
        String bearer = operator();
        register(bearer, audience()).statusCode(201);
        register(bearer, audience()).statusCode(201);
        given().header("Authorization", bearer).queryParam("size", 1).get("/v1/portals").then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("size", equalTo(1))
                .body("items[0]", not(hasKey("clientSecret")));
        given().header("Authorization", bearer).queryParam("size", 0).get("/v1/portals").then()
                .statusCode(400).body("errors.field", hasItem("size"));
    }

    @Test
    void duplicateAudienceIsAConflictAndCreatesNothing() {
        String bearer = operator();
        String audience = audience();
        register(bearer, audience).statusCode(201);
        register(bearer, audience).statusCode(409)
                .body("type", equalTo(ProblemType.CONFLICT.uri()))
                .body("errors.field", hasItem("audience"));
        assertEquals(1L, countPortals(audience));
    }

    @Test
    void existingKeycloakClientMakesRegistrationFailWithoutLeftovers() {
        String audience = audience();
        String clientId = PortalService.clientIdFor(audience);
        ClientRepresentation squatter = new ClientRepresentation();
        squatter.setClientId(clientId);
        squatter.setPublicClient(true);
        try (Response response = identities.realm().clients().create(squatter)) {
            assertEquals(201, response.getStatus());
        }
        register(operator(), audience).statusCode(409)
                .body("type", equalTo(ProblemType.CONFLICT.uri()))
                .body("errors.field", hasItem("audience"));
        assertEquals(0L, countPortals(audience));
        // The client we did not create is left alone.
        ClientRepresentation stillThere = identities.realm().clients().findByClientId(clientId).get(0);
        assertEquals(Boolean.TRUE, stillThere.isPublicClient());
    }

    @Test
    void databaseFailureAfterKeycloakStepLeavesNoClientBehind() {
        String audience = audience();
        String clientId = PortalService.clientIdFor(audience);
        // A real failure midway: PostgreSQL refuses the row after Keycloak created the client, as a
        // concurrent registration of the same audience would (unique_violation).
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                CREATE OR REPLACE FUNCTION refuse_portal_for_test() RETURNS trigger AS $$
                BEGIN
                  IF NEW.name = 'refuse-me' THEN RAISE unique_violation USING MESSAGE = 'refused by test'; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql;
                DROP TRIGGER IF EXISTS refuse_portal_for_test ON portal;
                CREATE TRIGGER refuse_portal_for_test BEFORE INSERT ON portal
                  FOR EACH ROW EXECUTE FUNCTION refuse_portal_for_test();
                """).executeUpdate());
        try {
            register(operator(), Map.of("name", "refuse-me", "audience", audience)).statusCode(409)
                    .body("type", equalTo(ProblemType.CONFLICT.uri()));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("DROP TRIGGER IF EXISTS refuse_portal_for_test ON portal").executeUpdate());
        }
        assertEquals(0L, countPortals(audience));
        assertTrue(identities.realm().clients().findByClientId(clientId).isEmpty(), "Keycloak client left behind");
    }

    @Test
    void clientDeletedBehindOurBackMakesSuspendFailWithoutChange() {
        String bearer = operator();
        var created = register(bearer, audience()).statusCode(201).extract();
        String id = created.path("portal.id");
        String clientId = created.path("clientId");
        String uuid = identities.realm().clients().findByClientId(clientId).get(0).getId();
        identities.realm().clients().get(uuid).remove();

        given().header("Authorization", bearer).post("/v1/portals/" + id + "/suspend").then()
                .statusCode(409).body("type", equalTo(ProblemType.CONFLICT.uri()));
        given().header("Authorization", bearer).get("/v1/portals/" + id).then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(0L, auditCount(id, "portal.suspended"));
        given().header("Authorization", bearer).post("/v1/portals/" + id + "/rotate-secret").then()
                .statusCode(409);
        assertEquals(0L, auditCount(id, "portal.secret-rotated"));
    }

    @Test
    void invalidFieldsAreNamed() {
        String bearer = operator();
        register(bearer, Map.of("audience", audience())).statusCode(400)
                .body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                .body("errors.field", hasItem("name"));
        register(bearer, Map.of("name", "x", "audience", "has spaces in it")).statusCode(400)
                .body("errors.field", hasItem("audience"));
        for (String bad : new String[] {"ftp://127.0.0.1/x", "http://10.0.0.1/events", "http://169.254.169.254/",
                "https://user:pw@127.0.0.1/", "http://127.0.0.1/#frag", "not a url"}) {
            String audience = audience();
            register(bearer, Map.of("name", "x", "audience", audience, "eventEndpoint", bad)).statusCode(400)
                    .body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                    .body("errors.field", hasItem("eventEndpoint"));
            assertEquals(0L, countPortals(audience));
            assertTrue(identities.realm().clients().findByClientId(PortalService.clientIdFor(audience)).isEmpty());
        }
    }

    @Test
    void unknownPortalIsNotFound() {
        String bearer = operator();
        String unknown = UUID.randomUUID().toString();
        given().header("Authorization", bearer).get("/v1/portals/" + unknown).then()
                .statusCode(404).body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        for (String action : new String[] {"suspend", "reinstate", "rotate-secret"}) {
            given().header("Authorization", bearer).post("/v1/portals/" + unknown + "/" + action).then()
                    .statusCode(404).body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        }
    }

    @Test
    void everyEndpointNeedsAToken() {
        String id = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "audience", audience())).post("/v1/portals")
                .then().statusCode(401).body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        given().get("/v1/portals").then().statusCode(401);
        given().get("/v1/portals/" + id).then().statusCode(401);
        for (String action : new String[] {"suspend", "reinstate", "rotate-secret"}) {
            given().post("/v1/portals/" + id + "/" + action).then().statusCode(401)
                    .body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        }
    }

    @Test
    void everyEndpointIsForOperatorsOnly() {
        String id = register(operator(), audience()).statusCode(201).extract().path("portal.id");
        for (String role : new String[] {Roles.AGENCY_ADMIN, Roles.PORTAL, Roles.OFFICER, Roles.CONTACT}) {
            String bearer = identities.user(role).bearer();
            String audience = audience();
            given().header("Authorization", bearer).contentType(ContentType.JSON)
                    .body(Map.of("name", "x", "audience", audience)).post("/v1/portals")
                    .then().statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
            assertEquals(0L, countPortals(audience));
            given().header("Authorization", bearer).get("/v1/portals").then().statusCode(403);
            given().header("Authorization", bearer).get("/v1/portals/" + id).then().statusCode(403);
            for (String action : new String[] {"suspend", "reinstate", "rotate-secret"}) {
                given().header("Authorization", bearer).post("/v1/portals/" + id + "/" + action).then().statusCode(403);
            }
        }
        given().header("Authorization", operator()).get("/v1/portals/" + id).then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
    }

    private long countPortals(String audience) {
        return QuarkusTransaction.requiringNew().call(() -> Portal.count("audience", audience));
    }

    private long auditCount(String subjectId, String action) {
        return QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.count("subjectId = ?1 and action = ?2", subjectId, action));
    }

    private AuditEvent auditFor(String subjectId, String action) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(
                "subjectId = ?1 and action = ?2", subjectId, action).firstResultOptional()
                .orElseThrow(() -> new AssertionError("no audit event " + action + " for " + subjectId)));
    }
}
