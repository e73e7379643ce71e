package org.agencyverify.officer;

import static io.restassured.RestAssured.given;
import static org.agencyverify.officer.OfficerFixtures.enroll;
import static org.agencyverify.officer.OfficerFixtures.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** POST /v1/agencies/{id}/officers against the real Keycloak and PostgreSQL. */
@QuarkusTest
class OfficerEnrollmentTest {

    @Inject
    TestIdentities identities;

    @Inject
    EnrolledAgencies agencies;

    @Inject
    OfficerFixtures officers;

    @Test
    void adminEnrollsAnInvitedOfficerInTheAgencysOrganization() {
        TestAgency agency = agencies.active();
        String email = agency.email("dana.q");
        String id = enroll(agency, agency.admin().bearer(), "Dana.Q@" + agency.domain().toUpperCase(), "B-1").then()
                .statusCode(201)
                .body("email", equalTo(email))
                .body("status", equalTo("INVITED"))
                .body("badgeNumber", equalTo("B-1"))
                .body("agencyId", equalTo(agency.id().toString()))
                .extract().path("id");
        UUID officerId = UUID.fromString(id);
        Officer row = OfficerFixtures.row(officerId);
        var user = officers.keycloakUser(officerId);
        assertEquals(email, user.getEmail());
        assertTrue(user.isEnabled());
        assertEquals(java.util.Set.of("UPDATE_PASSWORD", "CONFIGURE_TOTP"), java.util.Set.copyOf(user.getRequiredActions()));
        assertTrue(identities.realm().users().get(row.keycloakUserId).roles().realmLevel().listEffective().stream()
                .anyMatch(role -> role.getName().equals(Roles.OFFICER)));
        assertTrue(agencies.memberIds(agency).contains(row.keycloakUserId));
        var events = OfficerFixtures.audit(officerId);
        assertEquals(1, events.size());
        assertEquals("officer.enrolled", events.get(0).action);
        assertEquals("agency-admin:" + agency.admin().id(), events.get(0).actor);
        assertTrue(events.get(0).details.contains("INVITED"));
    }

    @Test
    void locationPointsAtTheNewOfficer() {
        TestAgency agency = agencies.active();
        var response = enroll(agency, agency.admin().bearer(), agency.email("loc"), "B-2");
        String id = response.then().statusCode(201).extract().path("id");
        String location = response.header("Location");
        assertTrue(location.endsWith(path(agency.id()) + "/" + id), location);
        given().header("Authorization", agency.admin().bearer()).get(location).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void operatorEnrollsForAnyAgency() {
        TestAgency agency = agencies.active();
        enroll(agency, identities.user(Roles.OPERATOR).bearer(), agency.email("op"), "B-3").then().statusCode(201);
    }

    @Test
    void pendingAgencyMayPreEnrollButSuspendedMayNot() {
        TestAgency pending = agencies.create(AgencyStatus.PENDING);
        enroll(pending, pending.admin().bearer(), pending.email("pre"), "B-4").then().statusCode(201).body("status", equalTo("INVITED"));
        TestAgency suspended = agencies.create(AgencyStatus.SUSPENDED);
        String email = suspended.email("late");
        problem(enroll(suspended, suspended.admin().bearer(), email, "B-5"), ProblemType.CONFLICT);
        assertTrue(officers.keycloakUsersByEmail(email).isEmpty());
    }

    @Test
    void emailMustBeAtAProvedDomainOfThisAgency() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        String unproved = agencies.addUnprovedDomain(agency);
        for (String email : new String[] {other.email("x"), "x@" + unproved, "x@sub." + agency.domain(), "x@gmail.com"}) {
            problem(enroll(agency, agency.admin().bearer(), email, "B-6"), ProblemType.INVALID_REQUEST)
                    .body("errors[0].field", equalTo("email"));
            assertTrue(OfficerFixtures.rowByEmail(email).isEmpty());
            assertTrue(officers.keycloakUsersByEmail(email).isEmpty());
        }
    }

    @Test
    void invalidFieldsAreNamed() {
        TestAgency agency = agencies.active();
        problem(given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "name", " ")).post(path(agency.id())), ProblemType.INVALID_REQUEST)
                .body("errors.field", org.hamcrest.Matchers.hasItems("email", "name", "badgeNumber"));
    }

    @Test
    void duplicateEmailAndBadgeAreConflictsNamingTheField() {
        TestAgency agency = agencies.active();
        enroll(agency, agency.admin().bearer(), agency.email("dup"), "B-7").then().statusCode(201);
        problem(enroll(agency, agency.admin().bearer(), agency.email("DUP"), "B-8"), ProblemType.CONFLICT)
                .body("errors[0].field", equalTo("email"));
        problem(enroll(agency, agency.admin().bearer(), agency.email("other"), "B-7"), ProblemType.CONFLICT)
                .body("errors[0].field", equalTo("badgeNumber"));
        assertTrue(officers.keycloakUsersByEmail(agency.email("other")).isEmpty());
    }

    @Test
    void existingKeycloakUserWithTheEmailIsAConflict() {
        TestAgency agency = agencies.active();
        // The agency admin's own account already has this mailbox in Keycloak.
        problem(enroll(agency, agency.admin().bearer(), agency.admin().email(), "B-9"), ProblemType.CONFLICT)
                .body("errors[0].field", equalTo("email"));
        assertTrue(OfficerFixtures.rowByEmail(agency.admin().email()).isEmpty());
    }

    @Test
    void aContactsMailboxCannotBeEnrolled() {
        TestAgency agency = agencies.active();
        TestAgency elsewhere = agencies.active();
        String email = agency.email("custodian");
        for (AgencyContact.Status status : new AgencyContact.Status[] {AgencyContact.Status.PENDING, AgencyContact.Status.ACTIVE}) {
            UUID contactId = contact(elsewhere.id(), email.toUpperCase(), status);
            problem(enroll(agency, agency.admin().bearer(), email, "B-10"), ProblemType.CONFLICT)
                    .body("errors[0].field", equalTo("email"));
            QuarkusTransaction.requiringNew().run(() -> AgencyContact.deleteById(contactId));
        }
        assertTrue(officers.keycloakUsersByEmail(email).isEmpty());
        contact(elsewhere.id(), email, AgencyContact.Status.REMOVED);
        enroll(agency, agency.admin().bearer(), email, "B-10").then().statusCode(201);
    }

    @Test
    void keycloakFailingMidwayLeavesNothingBehind() {
        TestAgency agency = agencies.active();
        // Behind the service's back: the organization disappears, so adding the member fails after
        // the user was created and given the officer role.
        identities.realm().organizations().get(agency.orgId()).delete().close();
        String email = agency.email("midway");
        problem(enroll(agency, agency.admin().bearer(), email, "B-11"), ProblemType.CONFLICT);
        assertTrue(OfficerFixtures.rowByEmail(email).isEmpty());
        assertTrue(officers.keycloakUsersByEmail(email).isEmpty(), "the Keycloak user was removed again");
        assertTrue(identities.realm().users().search(email, true).isEmpty());
        Number audited = QuarkusTransaction.requiringNew().call(() -> (Number) AuditEvent.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM audit_event WHERE details::text LIKE ?1")
                .setParameter(1, "%" + email + "%").getSingleResult());
        assertEquals(0, audited.intValue());
    }

    @Test
    void noOrBadTokenIsUnauthorized() {
        TestAgency agency = agencies.active();
        problem(given().contentType(ContentType.JSON).body(Map.of("email", agency.email("a"), "name", "A B", "badgeNumber", "1"))
                .post(path(agency.id())), ProblemType.UNAUTHORIZED);
        problem(enroll(agency, "Bearer not.a.jwt", agency.email("a"), "1"), ProblemType.UNAUTHORIZED);
        assertTrue(officers.keycloakUsersByEmail(agency.email("a")).isEmpty());
    }

    @Test
    void otherRolesAndOtherAgenciesAdminsAreForbidden() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        problem(enroll(agency, identities.user(Roles.OFFICER).bearer(), agency.email("a"), "1"), ProblemType.FORBIDDEN);
        problem(enroll(agency, identities.user(Roles.CONTACT, Roles.PORTAL).bearer(), agency.email("a"), "1"), ProblemType.FORBIDDEN);
        problem(enroll(agency, other.admin().bearer(), agency.email("a"), "1"), ProblemType.FORBIDDEN);
        // An agency admin with no agency row at all is as forbidden as one of another agency.
        problem(enroll(agency, identities.user(Roles.AGENCY_ADMIN).bearer(), agency.email("a"), "1"), ProblemType.FORBIDDEN);
        assertTrue(officers.keycloakUsersByEmail(agency.email("a")).isEmpty());
    }

    @Test
    void unknownAgencyIsNotFoundForOperatorsAndForbiddenForAgencyAdmins() {
        TestAgency agency = agencies.active();
        TestAgency ghost = new TestAgency(UUID.randomUUID(), agency.domain(), agency.orgId(), agency.admin());
        problem(enroll(ghost, identities.user(Roles.OPERATOR).bearer(), agency.email("g"), "1"), ProblemType.NOT_FOUND);
        problem(enroll(ghost, agency.admin().bearer(), agency.email("g"), "1"), ProblemType.FORBIDDEN);
    }

    static io.restassured.response.ValidatableResponse problem(io.restassured.response.Response response, ProblemType type) {
        return response.then().statusCode(type.status())
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(type.uri()));
    }

    private static UUID contact(UUID agencyId, String email, AgencyContact.Status status) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AgencyContact contact = new AgencyContact();
            contact.id = UUID.randomUUID();
            contact.agencyId = agencyId;
            contact.name = "Records Custodian";
            contact.role = "records custodian";
            contact.level = AgencyContact.Level.STANDARD;
            contact.channel = AgencyContact.Channel.EMAIL;
            contact.email = email;
            contact.status = status;
            contact.createdAt = Instant.now();
            contact.updatedAt = contact.createdAt;
            contact.persist();
            return contact.id;
        });
    }
}
