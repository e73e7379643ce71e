package org.agencyverify.officer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 8: a contact's mailbox is never an officer's, compared as mail systems deliver:
 * without case and without a {@code +tag}. Both ways: a contact for an officer's mailbox, an officer for
 * a contact's. Nothing is stored, made in Keycloak or audited when refused.
 */
@QuarkusTest
class MailboxRuleTest {

    private static final String INVALID = "urn:agency-verify:problem:invalid-request";
    private static final String CONFLICT = "urn:agency-verify:problem:conflict";

    @Inject
    EnrolledAgencies agencies;
    @Inject
    TestIdentities identities;
    @Inject
    AgencyFixtures agencyFixtures;

    /** An ACTIVE agency with one ACTIVE contact (an agency admin's proposal needs someone to notify). */
    private TestAgency agency() {
        TestAgency agency = agencies.active();
        agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.SUPERVISOR);
        return agency;
    }

    @Test
    void aTaggedOrUpperCaseAddressOfAnOfficerIsNoContact() {
        TestAgency agency = agency();
        String officer = agency.email("jane" + tag());
        OfficerFixtures.enroll(agency, agency.admin().bearer(), officer, "B-" + tag()).then().statusCode(201);
        String local = officer.substring(0, officer.indexOf('@'));
        for (String variant : new String[] {local + "+x@" + agency.domain(), officer.toUpperCase(Locale.ROOT),
                local.toUpperCase(Locale.ROOT) + "+Cases@" + agency.domain().toUpperCase(Locale.ROOT)}) {
            refusedAsContact(agency, variant);
        }
    }

    @Test
    void anOfficerKeycloakAloneKnowsIsFoundTaggedOrNot() {
        // Officers made in Keycloak outside this service, one of them under a tagged address.
        TestAgency agency = agency();
        String plain = agency.email("kc" + tag());
        identities.userWithEmail(plain, Roles.OFFICER);
        refusedAsContact(agency, plain.replace("@", "+x@"));
        String base = "kt" + tag();
        identities.userWithEmail(agency.email(base + "+desk"), Roles.OFFICER);
        refusedAsContact(agency, agency.email(base));
        refusedAsContact(agency, agency.email(base + "+other"));
    }

    @Test
    void aTaggedOrUpperCaseAddressOfAContactIsNoOfficer() {
        TestAgency agency = agency();
        String contact = agency.email("dana" + tag());
        registerContact(agency, contact).statusCode(202);
        String local = contact.substring(0, contact.indexOf('@'));
        refusedAsOfficer(agency, local + "+x@" + agency.domain());
        refusedAsOfficer(agency, contact.toUpperCase(Locale.ROOT));
        // And a contact registered under a tag keeps the untagged mailbox from becoming an officer's.
        String tagged = agency.email("rec" + tag() + "+intake");
        registerContact(agency, tagged).statusCode(202);
        refusedAsOfficer(agency, tagged.replace("+intake", ""));
        refusedAsOfficer(agency, tagged.replace("+intake", "+other"));
    }

    @Test
    void differentMailboxesAreStillAccepted() {
        TestAgency agency = agency();
        String officer = agency.email("jo" + tag());
        OfficerFixtures.enroll(agency, agency.admin().bearer(), officer, "B-" + tag()).then().statusCode(201);
        registerContact(agency, officer.replace("@", "t@")).statusCode(202);
        registerContact(agency, officer.replace("@", ".desk@")).statusCode(202);
    }

    private void refusedAsContact(TestAgency agency, String email) {
        registerContact(agency, email).statusCode(400).body("type", equalTo(INVALID)).body("errors.field", hasItem("channel.email"));
        // An agency admin's proposal goes through the same rule.
        given().header("Authorization", agency.admin().bearer()).contentType(ContentType.JSON)
                .body(Map.of("action", "ADD", "contact", contactBody(email)))
                .post("/v1/agencies/" + agency.id() + "/contacts/proposals").then().statusCode(400)
                .body("errors.field", hasItem("channel.email"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> AgencyContact.count("lower(email)", email.toLowerCase(Locale.ROOT))),
                email + ": no contact stored");
        assertTrue(identities.realm().users().searchByEmail(email.toLowerCase(Locale.ROOT), true).stream()
                .noneMatch(u -> u.getRealmRoles() != null && u.getRealmRoles().contains(Roles.CONTACT)), email + ": no contact user");
    }

    private void refusedAsOfficer(TestAgency agency, String email) {
        long enrolledBefore = enrolledEvents();
        String stored = email.toLowerCase(Locale.ROOT);
        int usersBefore = identities.realm().users().searchByEmail(stored, true).size();
        OfficerFixtures.enroll(agency, agency.admin().bearer(), email, "B-" + tag()).then().statusCode(409)
                .body("type", equalTo(CONFLICT)).body("errors.field", hasItem("email"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Officer.count("email", stored)), email + ": no officer stored");
        assertEquals(usersBefore, identities.realm().users().searchByEmail(stored, true).size(), email + ": no Keycloak user made");
        assertEquals(enrolledBefore, enrolledEvents(), email + ": nothing audited");
    }

    private static long enrolledEvents() {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("action", "officer.enrolled"));
    }

    private ValidatableResponse registerContact(TestAgency agency, String email) {
        return given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).contentType(ContentType.JSON)
                .body(contactBody(email)).post("/v1/agencies/" + agency.id() + "/contacts").then();
    }

    private static Map<String, Object> contactBody(String email) {
        return Map.of("name", "Dana Records", "role", "records custodian", "level", "STANDARD",
                "channel", Map.of("type", "EMAIL", "email", email));
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
