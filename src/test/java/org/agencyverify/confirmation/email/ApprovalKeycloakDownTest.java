package org.agencyverify.confirmation.email;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.confirmation.email.ApprovalFixtures.Started;
import org.agencyverify.confirmation.email.ApprovalFixtures.TestContact;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Ports;
import org.agencyverify.confirmation.Confirmation;
import org.junit.jupiter.api.Test;
import jakarta.inject.Inject;

/** The approval tenant's Keycloak unreachable: a page that says so, and nothing decided. */
@QuarkusTest
@TestProfile(ApprovalKeycloakDownTest.KeycloakGone.class)
class ApprovalKeycloakDownTest {

    public static class KeycloakGone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Only the approval tenant: the API's own tenant and the admin client still work for the fixtures.
            return Map.of("quarkus.oidc.approval.auth-server-url", "http://127.0.0.1:" + Ports.free() + "/realms/agency-verify");
        }
    }

    @Inject
    ApprovalFixtures fixtures;

    @Test
    void theLinkAnswersAClearPageAndDecidesNothing() {
        TestAgency agency = fixtures.agency();
        TestContact contact = fixtures.contact(agency.id(), true);
        Started started = fixtures.start(agency);
        UUID id = ApprovalFixtures.confirmation(started.verificationId(), contact.id()).id;

        given().redirects().follow(false).get("/approve/" + id).then().statusCode(503)
                .contentType(containsString("text/html"))
                .body(containsString("Try again in a few minutes"))
                .body(containsString("nothing was shown or decided"))
                .body(not(containsString("Exception")))
                .body(not(containsString("127.0.0.1")));
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("decision", "APPROVE").formParam("csrf", "x")
                .post("/approve/" + id).then().statusCode(503)
                .contentType(containsString("text/html"))
                .body(containsString("Try again in a few minutes"));

        Confirmation row = ApprovalFixtures.confirmation(started.verificationId(), contact.id());
        assertEquals(null, row.decision);
        assertEquals(null, row.answeredAt);
    }
}
