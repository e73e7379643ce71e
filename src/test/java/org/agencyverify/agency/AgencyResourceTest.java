package org.agencyverify.agency;

import static io.restassured.RestAssured.given;
import static org.agencyverify.agency.AgencyFixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AgencyResourceTest {

    @Inject
    TestIdentities identities;

    @Inject
    AgencyFixtures fixtures;

    @Test
    void operatorCreatesPendingAgencyWithDisabledOrganizationAndAudit() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String name = unique("Police Department");
        String id = given().header("Authorization", operator.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "COUNTY", "country", "US", "region", "TX"))
                .post("/v1/agencies").then()
                .statusCode(201)
                .header("Location", containsString("/v1/agencies/"))
                .body("status", equalTo("PENDING"))
                .body("kind", equalTo("COUNTY"))
                .body("source", equalTo("OPERATOR"))
                .body("keycloakOrganizationId", notNullValue())
                .extract().path("id");

        Agency agency = fixtures.agency(id);
        var org = identities.realm().organizations().get(agency.keycloakOrgId).toRepresentation();
        assertFalse(org.isEnabled(), "a PENDING agency's organization is disabled");
        assertEquals("agency-" + id, org.getAlias());

        List<AuditEvent> events = fixtures.audit(id, "agency.created");
        assertEquals(1, events.size());
        assertTrue(events.get(0).details.contains("\"after\""));
        assertTrue(events.get(0).details.contains("PENDING"));
        assertEquals("operator:" + operator.id(), events.get(0).actor);

        given().header("Authorization", operator.bearer()).get("/v1/agencies/" + id).then()
                .statusCode(200).body("name", equalTo(name));
    }

    @Test
    void createRefusesBadFieldsNamingThem() {
        TestUser operator = identities.user(Roles.OPERATOR);
        given().header("Authorization", operator.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", " ", "kind", "CITY", "country", "us")).post("/v1/agencies").then()
                .statusCode(400)
                .body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("country"));
        given().header("Authorization", operator.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "X", "kind", "CITY", "country", "XX")).post("/v1/agencies").then()
                .statusCode(400).body("errors.field", hasItem("country"));
        given().header("Authorization", operator.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "X", "kind", "SPACESHIP", "country", "US")).post("/v1/agencies").then()
                .statusCode(400).body("errors.field", hasItem("kind"));
    }

    @Test
    void onlyOperatorsCreateListAndMoveAgencies() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String id = fixtures.createAgency(operator.bearer(), unique("Sheriff"));
        Map<String, Object> body = Map.of("name", "X", "kind", "CITY", "country", "US");
        for (String role : List.of(Roles.OFFICER, Roles.AGENCY_ADMIN, Roles.PORTAL, Roles.CONTACT)) {
            String bearer = identities.user(role).bearer();
            given().header("Authorization", bearer).contentType(ContentType.JSON).body(body).post("/v1/agencies").then()
                    .statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
            given().header("Authorization", bearer).get("/v1/agencies").then().statusCode(403);
            for (String action : List.of("activate", "suspend", "reinstate")) {
                given().header("Authorization", bearer).post("/v1/agencies/" + id + "/" + action).then().statusCode(403);
            }
            given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("approvers", 2))
                    .put("/v1/agencies/" + id + "/emergency-approvers").then()
                    .statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        }
        given().contentType(ContentType.JSON).body(body).post("/v1/agencies").then()
                .statusCode(401).body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        given().header("Authorization", "Bearer junk").get("/v1/agencies").then().statusCode(401);
        given().get("/v1/agencies/" + id).then().statusCode(401);
        for (String action : List.of("activate", "suspend", "reinstate")) {
            given().post("/v1/agencies/" + id + "/" + action).then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body(Map.of("approvers", 2)).put("/v1/agencies/" + id + "/emergency-approvers").then()
                .statusCode(401).body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        assertEquals(1, fixtures.agency(id).emergencyApprovers, "no refused call changed the setting");
        given().header("Authorization", identities.user(Roles.OFFICER).bearer()).get("/v1/agencies/" + id).then().statusCode(403);
    }

    @Test
    void agencyAdminReadsOwnAgencyOnly() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String own = fixtures.createAgency(operator.bearer(), unique("Own PD"));
        String other = fixtures.createAgency(operator.bearer(), unique("Other PD"));
        TestUser admin = identities.user(Roles.AGENCY_ADMIN);
        fixtures.addAdminRow(own, admin.id(), admin.email());

        given().header("Authorization", admin.bearer()).get("/v1/agencies/" + own).then().statusCode(200).body("id", equalTo(own));
        given().header("Authorization", admin.bearer()).get("/v1/agencies/" + other).then()
                .statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        // An unknown id looks the same as someone else's agency to an agency admin.
        given().header("Authorization", admin.bearer()).get("/v1/agencies/" + UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    void unknownIdsAre404() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        String unknown = UUID.randomUUID().toString();
        given().header("Authorization", bearer).get("/v1/agencies/" + unknown).then()
                .statusCode(404).body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        for (String action : List.of("activate", "suspend", "reinstate")) {
            given().header("Authorization", bearer).post("/v1/agencies/" + unknown + "/" + action).then().statusCode(404);
        }
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("approvers", 2))
                .put("/v1/agencies/" + unknown + "/emergency-approvers").then()
                .statusCode(404).body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        given().header("Authorization", bearer).get("/v1/agencies/not-a-uuid").then().statusCode(404);
    }

    @Test
    void operatorSetsEmergencyApproversAndEachChangeIsAudited() throws Exception {
        TestUser operator = identities.user(Roles.OPERATOR);
        String id = fixtures.createAgency(operator.bearer(), unique("Highway Patrol"));
        given().header("Authorization", operator.bearer()).get("/v1/agencies/" + id).then()
                .statusCode(200).body("emergencyApprovers", equalTo(1));

        given().header("Authorization", operator.bearer()).contentType(ContentType.JSON).body(Map.of("approvers", 2))
                .put("/v1/agencies/" + id + "/emergency-approvers").then()
                .statusCode(200).body("id", equalTo(id)).body("emergencyApprovers", equalTo(2)).body("status", equalTo("PENDING"));
        assertEquals(2, fixtures.agency(id).emergencyApprovers);
        List<AuditEvent> events = fixtures.audit(id, "agency.emergency-approvers-set");
        assertEquals(1, events.size());
        var details = new com.fasterxml.jackson.databind.ObjectMapper().readTree(events.get(0).details);
        assertEquals(1, details.path("before").path("emergencyApprovers").asInt(), events.get(0).details);
        assertEquals(2, details.path("after").path("emergencyApprovers").asInt(), events.get(0).details);
        assertEquals("operator:" + operator.id(), events.get(0).actor);

        // The same value again changes nothing and is not audited as a change.
        given().header("Authorization", operator.bearer()).contentType(ContentType.JSON).body(Map.of("approvers", 2))
                .put("/v1/agencies/" + id + "/emergency-approvers").then().statusCode(200).body("emergencyApprovers", equalTo(2));
        assertEquals(1, fixtures.audit(id, "agency.emergency-approvers-set").size());
        given().header("Authorization", operator.bearer()).contentType(ContentType.JSON).body(Map.of("approvers", 1))
                .put("/v1/agencies/" + id + "/emergency-approvers").then().statusCode(200).body("emergencyApprovers", equalTo(1));
        assertEquals(2, fixtures.audit(id, "agency.emergency-approvers-set").size());
    }

    @Test
    void emergencyApproversRefusesAnythingButOneOrTwoNamingTheField() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String id = fixtures.createAgency(operator.bearer(), unique("Port Authority"));
        for (Object body : List.of(Map.of("approvers", 0), Map.of("approvers", 3), Map.of("approvers", -1), Map.of())) {
            given().header("Authorization", operator.bearer()).contentType(ContentType.JSON).body(body)
                    .put("/v1/agencies/" + id + "/emergency-approvers").then()
                    .statusCode(400)
                    .body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                    .body("errors.field", hasItem("approvers"));
        }
        given().header("Authorization", operator.bearer()).contentType(ContentType.JSON).body("{\"approvers\":\"two\"}")
                .put("/v1/agencies/" + id + "/emergency-approvers").then()
                .statusCode(400).body("errors.field", hasItem("approvers"));
        assertEquals(1, fixtures.agency(id).emergencyApprovers);
        assertTrue(fixtures.audit(id, "agency.emergency-approvers-set").isEmpty());
    }

    @Test
    void listFiltersAndPagesInStableOrder() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        String tag = unique("zz-list");
        String b = fixtures.createAgency(bearer, tag + " B");
        String a = fixtures.createAgency(bearer, tag + " A");
        fixtures.createAgency(bearer, tag + " C");

        given().header("Authorization", bearer).queryParam("name", tag.toUpperCase()).queryParam("size", 2).get("/v1/agencies").then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("size", equalTo(2))
                .body("items", hasSize(2))
                .body("items[0].id", equalTo(a))
                .body("items[1].id", equalTo(b));
        given().header("Authorization", bearer).queryParam("name", tag).queryParam("page", 1).queryParam("size", 2).get("/v1/agencies").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].name", equalTo(tag + " C"));
        given().header("Authorization", bearer).queryParam("name", tag).queryParam("status", "PENDING")
                .queryParam("country", "us").queryParam("region", "CA").queryParam("kind", "city").get("/v1/agencies").then()
                .statusCode(200).body("total", equalTo(3)).body("items.status", everyItem(equalTo("PENDING")));
        given().header("Authorization", bearer).queryParam("name", tag).queryParam("status", "ACTIVE").get("/v1/agencies").then()
                .statusCode(200).body("total", equalTo(0));
        given().header("Authorization", bearer).queryParam("name", "%").queryParam("size", 1).get("/v1/agencies").then()
                .statusCode(200).body("total", equalTo(0));
        given().header("Authorization", bearer).queryParam("size", 5000).get("/v1/agencies").then()
                .statusCode(400).body("type", equalTo(ProblemType.INVALID_REQUEST.uri()));
        given().header("Authorization", bearer).queryParam("size", 1000).get("/v1/agencies").then()
                .statusCode(200).body("size", equalTo(100));
    }

    @Test
    void activationNeedsProvedDomainAndActiveContactThenSuspendAndReinstateFollowTheRules() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String id = fixtures.createAgency(operator.bearer(), unique("Transit Police"));

        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + id + "/activate").then()
                .statusCode(409).body("type", equalTo(ProblemType.CONFLICT.uri()))
                .body("detail", containsString("a proved domain"))
                .body("detail", containsString("an ACTIVE contact"));
        fixtures.addProvedDomain(id, unique("transit") + ".example.gov");
        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + id + "/activate").then()
                .statusCode(409).body("detail", containsString("an ACTIVE contact"));
        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + id + "/suspend").then()
                .statusCode(409).body("detail", containsString("PENDING"));
        fixtures.addActiveContact(id);

        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + id + "/activate").then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
        String orgId = fixtures.agency(id).keycloakOrgId;
        assertTrue(identities.realm().organizations().get(orgId).toRepresentation().isEnabled());
        List<AuditEvent> activated = fixtures.audit(id, "agency.activate");
        assertEquals(1, activated.size());
        assertTrue(activated.get(0).details.contains("\"before\""), activated.get(0).details);

        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + id + "/activate").then().statusCode(409);
        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + id + "/reinstate").then().statusCode(409);
        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + id + "/suspend").then()
                .statusCode(200).body("status", equalTo("SUSPENDED"));
        assertFalse(identities.realm().organizations().get(orgId).toRepresentation().isEnabled());
        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + id + "/reinstate").then()
                .statusCode(200).body("status", equalTo("ACTIVE"));
        assertTrue(identities.realm().organizations().get(orgId).toRepresentation().isEnabled());
        assertEquals(1, fixtures.audit(id, "agency.suspend").size());
        assertEquals(1, fixtures.audit(id, "agency.reinstate").size());
    }

    @Test
    void keycloakFailingMidwayLeavesTheAgencyAsItWas() {
        TestUser operator = identities.user(Roles.OPERATOR);
        String id = fixtures.createAgency(operator.bearer(), unique("Harbor Police"));
        fixtures.addProvedDomain(id, unique("harbor") + ".example.gov");
        fixtures.addActiveContact(id);
        // Behind the service's back: the organization disappears from Keycloak.
        identities.realm().organizations().get(fixtures.agency(id).keycloakOrgId).delete().close();

        given().header("Authorization", operator.bearer()).post("/v1/agencies/" + id + "/activate").then()
                .statusCode(409).body("type", equalTo(ProblemType.CONFLICT.uri()))
                .body("detail", containsString("missing in Keycloak"));
        assertEquals(AgencyStatus.PENDING, fixtures.agency(id).status);
        assertTrue(fixtures.audit(id, "agency.activate").isEmpty());
    }
}
