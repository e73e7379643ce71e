package org.agencyverify.officer;

import static io.restassured.RestAssured.given;
import static org.agencyverify.officer.OfficerEnrollmentTest.problem;
import static org.hamcrest.Matchers.containsString;
import static org.agencyverify.officer.OfficerFixtures.enrolled;
import static org.agencyverify.officer.OfficerFixtures.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

/** Listing, showing, activating, suspending, reinstating and removing officers. */
@QuarkusTest
class OfficerManagementTest {

    @Inject
    TestIdentities identities;

    @Inject
    EnrolledAgencies agencies;

    @Inject
    OfficerFixtures officers;

    @Test
    void listPagesNewestFirstAndFilters() {
        TestAgency agency = agencies.active();
        UUID first = enrolled(agency);
        UUID second = enrolled(agency);
        UUID third = enrolled(agency);
        enrolled(agencies.active()); // another agency's officer never shows up
        post(agency.admin().bearer(), agency, second, "suspend").then().statusCode(200);

        list(agency, agency.admin().bearer(), "?size=2").then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2))
                .body("items", hasSize(2)).body("items[0].id", equalTo(third.toString()));
        list(agency, agency.admin().bearer(), "?size=2&page=1").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(first.toString()));
        list(agency, identities.user(Roles.OPERATOR).bearer(), "?status=SUSPENDED").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(second.toString()));
        String email = OfficerFixtures.row(first).email;
        list(agency, agency.admin().bearer(), "?email=" + email.toUpperCase()).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(first.toString()));
        problem(list(agency, agency.admin().bearer(), "?status=GONE"), ProblemType.INVALID_REQUEST)
                .body("errors[0].field", equalTo("status"));
        problem(list(agency, agency.admin().bearer(), "?size=1000"), ProblemType.INVALID_REQUEST)
                .body("errors[0].field", equalTo("size"));
    }

    @Test
    void emailLookupRevealsNothingToOutsiders() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        String email = OfficerFixtures.row(enrolled(agency)).email;
        // The other agency's admin asking about their own agency: an officer elsewhere is not there.
        list(other, other.admin().bearer(), "?email=" + email).then().statusCode(200).body("total", equalTo(0));
        problem(list(agency, other.admin().bearer(), "?email=" + email), ProblemType.FORBIDDEN);
        problem(list(agency, identities.user(Roles.OFFICER).bearer(), "?email=" + email), ProblemType.FORBIDDEN);
        problem(list(agency, null, "?email=" + email), ProblemType.UNAUTHORIZED);
    }

    @Test
    void showOneAndUnknownIds() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        UUID officer = enrolled(agency);
        UUID othersOfficer = enrolled(other);
        String operator = identities.user(Roles.OPERATOR).bearer();
        get(agency.admin().bearer(), agency, officer).then().statusCode(200)
                .body("id", equalTo(officer.toString())).body("status", equalTo("INVITED"))
                .body("activatedAt", nullValue()).body("keycloakUserId", nullValue());
        get(operator, agency, officer).then().statusCode(200);
        problem(get(agency.admin().bearer(), agency, UUID.randomUUID()), ProblemType.NOT_FOUND);
        // Another agency's officer under this agency's path is simply not there.
        problem(get(agency.admin().bearer(), agency, othersOfficer), ProblemType.NOT_FOUND);
        problem(get(operator, agency, othersOfficer), ProblemType.NOT_FOUND);
        problem(post(operator, agency, othersOfficer, "suspend"), ProblemType.NOT_FOUND);
        problem(delete(operator, agency, othersOfficer), ProblemType.NOT_FOUND);
        assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(othersOfficer).status);
        problem(get(operator, new TestAgency(UUID.randomUUID(), "x", "x", agency.admin()), officer), ProblemType.NOT_FOUND);
        problem(given().header("Authorization", agency.admin().bearer()).get(path(agency.id()) + "/not-a-uuid"), ProblemType.NOT_FOUND);
    }

    @Test
    void suspendDisablesTheKeycloakUserAtOnceAndReinstateEnablesIt() {
        TestAgency agency = agencies.active();
        UUID officer = enrolled(agency);
        String email = OfficerFixtures.row(officer).email;
        String password = officers.passwordOnly(officer);
        identities.token(email, password); // signs in before

        post(agency.admin().bearer(), agency, officer, "suspend").then().statusCode(200).body("status", equalTo("SUSPENDED"));
        assertFalse(officers.keycloakUser(officer).isEnabled());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> identities.token(email, password));
        assertTrue(refused.getMessage().contains("disabled"), "password grant refused: account disabled");
        problem(post(agency.admin().bearer(), agency, officer, "suspend"), ProblemType.CONFLICT);

        // Never activated: back to INVITED, and the user may sign in again.
        post(identities.user(Roles.OPERATOR).bearer(), agency, officer, "reinstate").then().statusCode(200)
                .body("status", equalTo("INVITED"));
        assertTrue(officers.keycloakUser(officer).isEnabled());
        identities.token(email, password);
        problem(post(agency.admin().bearer(), agency, officer, "reinstate"), ProblemType.CONFLICT);

        List<String> actions = OfficerFixtures.audit(officer).stream().map(e -> e.action).toList();
        assertEquals(List.of("officer.enrolled", "officer.suspended", "officer.reinstated"), actions);
        String details = OfficerFixtures.audit(officer).get(1).details;
        assertTrue(details.contains("\"before\"") && details.contains("\"after\"") && details.contains("SUSPENDED"), details);
    }

    /** A stolen admin account of a suspended agency cannot line officers up for the day it is reinstated. */
    @Test
    void aSuspendedAgencyReinstatesNoOfficer() {
        TestAgency agency = agencies.active();
        UUID officer = enrolled(agency);
        String operator = identities.user(Roles.OPERATOR).bearer();
        post(agency.admin().bearer(), agency, officer, "suspend").then().statusCode(200);
        given().header("Authorization", operator).post("/v1/agencies/" + agency.id() + "/suspend").then().statusCode(200);

        for (String bearer : List.of(agency.admin().bearer(), operator)) {
            problem(post(bearer, agency, officer, "reinstate"), ProblemType.CONFLICT)
                    .body("detail", containsString("agency is suspended"));
        }
        assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(officer).status);
        assertFalse(officers.keycloakUser(officer).isEnabled());
        assertEquals(List.of("officer.enrolled", "officer.suspended"),
                OfficerFixtures.audit(officer).stream().map(e -> e.action).toList());
    }

    @Test
    void removeRevokesForGoodAndDisablesTheUser() {
        TestAgency agency = agencies.active();
        UUID officer = enrolled(agency);
        String email = OfficerFixtures.row(officer).email;
        String password = officers.passwordOnly(officer);
        delete(agency.admin().bearer(), agency, officer).then().statusCode(200).body("status", equalTo("REVOKED"));
        assertFalse(officers.keycloakUser(officer).isEnabled());
        assertThrows(IllegalStateException.class, () -> identities.token(email, password));
        for (String action : new String[] {"activate", "suspend", "reinstate"}) {
            problem(post(agency.admin().bearer(), agency, officer, action), ProblemType.CONFLICT);
        }
        problem(delete(agency.admin().bearer(), agency, officer), ProblemType.CONFLICT);
        assertFalse(officers.keycloakUser(officer).isEnabled());
        // A revoked officer's mailbox is not silently enrolled again.
        problem(OfficerFixtures.enroll(agency, agency.admin().bearer(), email, "B-new"), ProblemType.CONFLICT)
                .body("errors[0].field", equalTo("email"));
        assertEquals(List.of("officer.enrolled", "officer.removed"),
                OfficerFixtures.audit(officer).stream().map(e -> e.action).toList());
    }

    @Test
    void aKeycloakUserDeletedBehindOurBackCanBeSuspendedButNotReinstated() {
        TestAgency agency = agencies.active();
        UUID officer = enrolled(agency);
        identities.realm().users().delete(OfficerFixtures.row(officer).keycloakUserId).close();
        problem(post(agency.admin().bearer(), agency, officer, "activate"), ProblemType.CONFLICT);
        post(agency.admin().bearer(), agency, officer, "suspend").then().statusCode(200).body("status", equalTo("SUSPENDED"));
        problem(post(agency.admin().bearer(), agency, officer, "reinstate"), ProblemType.CONFLICT);
        assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(officer).status);
        assertEquals(List.of("officer.enrolled", "officer.suspended"),
                OfficerFixtures.audit(officer).stream().map(e -> e.action).toList());
    }

    @Test
    void activationWaitsUntilKeycloakShowsPasswordAndOtpSet() {
        TestAgency agency = agencies.active();
        UUID officer = enrolled(agency);
        problem(post(agency.admin().bearer(), agency, officer, "activate"), ProblemType.CONFLICT);
        officers.passwordOnly(officer); // a password without a second factor is not enough
        problem(post(agency.admin().bearer(), agency, officer, "activate"), ProblemType.CONFLICT);
        assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(officer).status);

        officers.finishSetup(officer);
        post(agency.admin().bearer(), agency, officer, "activate").then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("activatedAt", notNullValue());
        problem(post(agency.admin().bearer(), agency, officer, "activate"), ProblemType.CONFLICT);
        post(agency.admin().bearer(), agency, officer, "suspend").then().statusCode(200);
        post(agency.admin().bearer(), agency, officer, "reinstate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(List.of("officer.enrolled", "officer.activated", "officer.suspended", "officer.reinstated"),
                OfficerFixtures.audit(officer).stream().map(e -> e.action).toList());
    }

    @Test
    void everyEndpointRefusesMissingTokensWrongRolesAndOtherAgenciesAdmins() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        UUID officer = enrolled(agency);
        String officerRole = identities.user(Roles.OFFICER).bearer();
        List<BiFunction<String, UUID, Response>> calls = List.of(
                (bearer, id) -> list(agency, bearer, ""),
                (bearer, id) -> get(bearer, agency, id),
                (bearer, id) -> post(bearer, agency, id, "activate"),
                (bearer, id) -> post(bearer, agency, id, "suspend"),
                (bearer, id) -> post(bearer, agency, id, "reinstate"),
                (bearer, id) -> delete(bearer, agency, id));
        for (BiFunction<String, UUID, Response> call : calls) {
            problem(call.apply(null, officer), ProblemType.UNAUTHORIZED);
            problem(call.apply("Bearer not.a.jwt", officer), ProblemType.UNAUTHORIZED);
            problem(call.apply(officerRole, officer), ProblemType.FORBIDDEN);
            problem(call.apply(other.admin().bearer(), officer), ProblemType.FORBIDDEN);
            problem(call.apply(other.admin().bearer(), UUID.randomUUID()), ProblemType.FORBIDDEN);
        }
        assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(officer).status);
        assertTrue(officers.keycloakUser(officer).isEnabled());
        assertEquals(1, OfficerFixtures.audit(officer).size());
    }

    private static io.restassured.specification.RequestSpecification as(String bearer) {
        var request = given();
        return bearer == null ? request : request.header("Authorization", bearer);
    }

    private static Response list(TestAgency agency, String bearer, String query) {
        return as(bearer).get(path(agency.id()) + query);
    }

    private static Response get(String bearer, TestAgency agency, UUID officer) {
        return as(bearer).get(path(agency.id()) + "/" + officer);
    }

    private static Response post(String bearer, TestAgency agency, UUID officer, String action) {
        return as(bearer).post(path(agency.id()) + "/" + officer + "/" + action);
    }

    private static Response delete(String bearer, TestAgency agency, UUID officer) {
        return as(bearer).delete(path(agency.id()) + "/" + officer);
    }
}
