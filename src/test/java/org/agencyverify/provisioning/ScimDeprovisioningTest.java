package org.agencyverify.provisioning;

import static io.restassured.RestAssured.given;
import static org.agencyverify.provisioning.ScimClients.credential;
import static org.agencyverify.provisioning.ScimClients.patch;
import static org.agencyverify.provisioning.ScimClients.scim;
import static org.agencyverify.provisioning.ScimClients.scimError;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.agencyverify.common.security.Actor;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.officer.OfficerAction;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.officer.OfficerService;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An officer who leaves the force is deprovisioned by the agency's directory: the live trust token a portal
 * holds introspects inactive at once. The directory finds an officer its agency enrolled by hand by userName,
 * as Entra ID and Okta match existing users; it does not overrule a suspension a rule decided.
 */
@QuarkusTest
class ScimDeprovisioningTest {

    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    OfficerService officers;

    private WebhookReceiver contacts;

    @BeforeEach
    void receiver() {
        contacts = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        contacts.close();
    }

    @Test
    void aDeprovisionedOfficersLiveTokenIntrospectsInactive() {
        TestAgency agency = agencies.active();
        WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, contacts);
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        UUID verification = WebhookAgencies.start(agency, portal, officer, "COURT_ORDER");
        WebhookAgencies.approve(contact, WebhookAgencies.awaitRequest(contacts, contact));
        String token = given().header("Authorization", portal.bearer()).get("/v1/verifications/" + verification).then()
                .statusCode(200).body("state", equalTo("TOKEN_ISSUED")).extract().path("trustToken");
        assertEquals(true, active(portal, token));

        String secret = credential(agency);
        String id = scim(secret).queryParam("filter", "userName eq \"" + officer.email() + "\"").get("/scim/v2/Users").then()
                .statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].active", equalTo(true))
                .extract().path("Resources[0].id");
        assertEquals(officer.id().toString(), id);
        scim(secret).body(patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}")).patch("/scim/v2/Users/" + id)
                .then().statusCode(200).body("active", equalTo(false));

        assertEquals(false, active(portal, token));
        assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(officer.id()).status);
        // Back in the directory: ACTIVE again (they had been activated), but the revoked token stays revoked.
        scim(secret).body(patch("{\"op\":\"replace\",\"value\":{\"active\":true}}")).patch("/scim/v2/Users/" + id)
                .then().statusCode(200).body("active", equalTo(true));
        assertEquals(OfficerStatus.ACTIVE, OfficerFixtures.row(officer.id()).status);
        assertEquals(false, active(portal, token));
    }

    @Test
    void theDirectoryDoesNotReinstateAnOfficerARuleSuspended() {
        TestAgency agency = agencies.active();
        UUID officerId = OfficerFixtures.enrolled(agency);
        officers.stop(Actor.SYSTEM, officerId, OfficerAction.SUSPEND, "credential-failures");
        String secret = credential(agency);

        scim(secret).get("/scim/v2/Users/" + officerId).then().statusCode(200).body("active", equalTo(false));
        scimError(scim(secret).body(patch("{\"op\":\"replace\",\"value\":{\"active\":true}}")).patch("/scim/v2/Users/" + officerId),
                409, null);
        assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(officerId).status);
        // Deprovisioning it stays possible.
        scim(secret).delete("/scim/v2/Users/" + officerId).then().statusCode(204);
        assertEquals(OfficerStatus.REVOKED, OfficerFixtures.row(officerId).status);
    }

    private static boolean active(TestPortal portal, String token) {
        return given().header("Authorization", portal.bearer()).formParam("token", token).post("/v1/tokens/introspect").then()
                .statusCode(200).extract().jsonPath().getBoolean("active");
    }
}
