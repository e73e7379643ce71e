package org.agencyverify.agency;

import static io.restassured.RestAssured.given;
import static org.agencyverify.agency.AgencyFixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

@QuarkusTest
class AdminResourceTest {

    @Inject
    TestIdentities identities;

    @Inject
    AgencyFixtures fixtures;

    private static String newEmail() {
        return unique("admin") + "@agency-admins.test";
    }

    private JsonPath add(String bearer, String agencyId, String email, int status) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("email", email, "name", "Avery Admin")).post("/v1/agencies/" + agencyId + "/admins")
                .then().statusCode(status).extract().jsonPath();
    }

    private List<UserRepresentation> keycloakUsers(String email) {
        return identities.realm().users().searchByEmail(email, true);
    }

    private static long adminRows(String email) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyAdmin.count("email", email));
    }

    @Test
    void operatorAddsAnAdminWhoIsAKeycloakMemberWithRequiredActions() {
        String operator = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(operator, unique("Admin PD"));
        String email = newEmail();
        JsonPath admin = add(operator, agencyId, email.toUpperCase(), 201);
        assertEquals(email, admin.getString("email"));
        String userId = admin.getString("keycloakUserId");

        UserRepresentation user = identities.realm().users().get(userId).toRepresentation();
        assertTrue(user.isEnabled());
        assertTrue(user.getRequiredActions().containsAll(List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP")));
        assertTrue(identities.realm().users().get(userId).roles().realmLevel().listEffective().stream()
                .anyMatch(r -> r.getName().equals(Roles.AGENCY_ADMIN)));
        String orgId = fixtures.agency(agencyId).keycloakOrgId;
        assertTrue(identities.realm().organizations().get(orgId).members().getAll().stream().anyMatch(m -> m.getId().equals(userId)));
        assertEquals(1, fixtures.audit(admin.getString("id"), "agency-admin.added").size());

        given().header("Authorization", operator).get("/v1/agencies/" + agencyId + "/admins").then()
                .statusCode(200).body("", hasSize(1)).body("[0].email", equalTo(email));
        add(operator, agencyId, email, 409);

        given().header("Authorization", operator).delete("/v1/agencies/" + agencyId + "/admins/" + admin.getString("id")).then()
                .statusCode(204);
        assertFalse(identities.realm().users().get(userId).toRepresentation().isEnabled());
        assertEquals(0, adminRows(email));
        assertEquals(1, fixtures.audit(admin.getString("id"), "agency-admin.removed").size());
        assertTrue(fixtures.audit(admin.getString("id"), "agency-admin.removed").get(0).details.contains("\"before\""));
        given().header("Authorization", operator).delete("/v1/agencies/" + agencyId + "/admins/" + admin.getString("id")).then()
                .statusCode(404);
    }

    @Test
    void anExistingKeycloakUserWithTheEmailIsAConflictAndNothingIsStored() {
        String operator = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(operator, unique("Taken PD"));
        TestUser existing = identities.userWithEmail(newEmail());
        JsonPath problem = add(operator, agencyId, existing.email(), 409);
        assertEquals(ProblemType.CONFLICT.uri(), problem.getString("type"));
        assertEquals(List.of("email"), problem.getList("errors.field"));
        assertEquals(0, adminRows(existing.email()));
        assertEquals(1, keycloakUsers(existing.email()).size(), "the existing user is left alone");
    }

    @Test
    void keycloakFailingMidwayLeavesNoUserAndNoRow() {
        String operator = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(operator, unique("Broken PD"));
        // Behind the service's back: the agency's organization disappears, so adding the member fails
        // after the user was created and given its role.
        identities.realm().organizations().get(fixtures.agency(agencyId).keycloakOrgId).delete().close();
        String email = newEmail();
        long addedBefore = QuarkusTransaction.requiringNew().call(() -> org.agencyverify.audit.AuditEvent.count("action", "agency-admin.added"));
        add(operator, agencyId, email, 409);
        assertEquals(0, adminRows(email));
        assertTrue(keycloakUsers(email).isEmpty(), "the Keycloak user was removed again");
        long addedAfter = QuarkusTransaction.requiringNew().call(() -> org.agencyverify.audit.AuditEvent.count("action", "agency-admin.added"));
        assertEquals(addedBefore, addedAfter);
    }

    @Test
    void badInputAndUnknownIds() {
        String operator = identities.user(Roles.OPERATOR).bearer();
        String agencyId = fixtures.createAgency(operator, unique("Input PD"));
        given().header("Authorization", operator).contentType(ContentType.JSON).body(Map.of("email", "not-an-email", "name", ""))
                .post("/v1/agencies/" + agencyId + "/admins").then()
                .statusCode(400).body("type", equalTo(ProblemType.INVALID_REQUEST.uri()))
                .body("errors.field", hasItem("email")).body("errors.field", hasItem("name"));
        String unknown = "/v1/agencies/" + UUID.randomUUID() + "/admins";
        given().header("Authorization", operator).contentType(ContentType.JSON).body(Map.of("email", newEmail(), "name", "X Y"))
                .post(unknown).then().statusCode(404).body("type", equalTo(ProblemType.NOT_FOUND.uri()));
        given().header("Authorization", operator).get(unknown).then().statusCode(404);
        given().header("Authorization", operator).delete("/v1/agencies/" + agencyId + "/admins/" + UUID.randomUUID()).then()
                .statusCode(404);
    }

    @Test
    void whoMayDoWhat() {
        String operator = identities.user(Roles.OPERATOR).bearer();
        String own = fixtures.createAgency(operator, unique("Own PD"));
        String other = fixtures.createAgency(operator, unique("Other PD"));
        String adminId = add(operator, own, newEmail(), 201).getString("id");
        TestUser agencyAdmin = identities.user(Roles.AGENCY_ADMIN);
        fixtures.addAdminRow(own, agencyAdmin.id(), agencyAdmin.email());

        given().header("Authorization", agencyAdmin.bearer()).get("/v1/agencies/" + own + "/admins").then().statusCode(200);
        given().header("Authorization", agencyAdmin.bearer()).get("/v1/agencies/" + other + "/admins").then()
                .statusCode(403).body("type", equalTo(ProblemType.FORBIDDEN.uri()));
        for (String bearer : List.of(agencyAdmin.bearer(), identities.user(Roles.OFFICER).bearer())) {
            given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("email", newEmail(), "name", "X Y"))
                    .post("/v1/agencies/" + own + "/admins").then().statusCode(403);
            given().header("Authorization", bearer).delete("/v1/agencies/" + own + "/admins/" + adminId).then().statusCode(403);
        }
        given().header("Authorization", identities.user(Roles.OFFICER).bearer()).get("/v1/agencies/" + own + "/admins").then()
                .statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("email", newEmail(), "name", "X Y"))
                .post("/v1/agencies/" + own + "/admins").then().statusCode(401);
        given().get("/v1/agencies/" + own + "/admins").then().statusCode(401);
        given().delete("/v1/agencies/" + own + "/admins/" + adminId).then().statusCode(401);
    }
}
