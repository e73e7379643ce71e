package org.agencyverify.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.change.ContactChange;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The contacts page in real Chromium as the agency's admin: contacts and pending changes with their
 * cool-down; proposing an email contact, a webhook contact (its secret once) and a removal through the
 * page (PENDING, nothing applied at once); as an operator, approving an operator's change and cancelling
 * one; forged forms, another agency's page and an agency admin's decision change nothing.
 */
@QuarkusTest
class ConsoleContactsTest {

    @Inject
    EnrolledAgencies agencies;

    @Inject
    AgencyFixtures agencyFixtures;

    @Inject
    TestIdentities identities;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void anAgencyAdminProposesContactChangesThatWaitForTheirCoolDown() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        UUID active = agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.STANDARD);
        UUID theirs = agencyFixtures.addActiveContact(other.id(), AgencyContact.Level.STANDARD);
        String page = "/console/agencies/" + agency.id() + "/contacts";
        String email = agency.email("custodian-" + UUID.randomUUID().toString().substring(0, 6));
        codes.setUp(agency.admin().totpSecret());
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            browser.open(page);
            assertEquals("Contacts of Test agency " + agency.domain().substring(0, 13), browser.heading());
            assertFalse(browser.driver().findElements(By.id("contact-" + active)).isEmpty(), browser.main());
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();

            String valid = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            browser.post(page + "/proposals", "csrf", valid + "x", "action", "REMOVE", "contactId", active.toString());
            assertEquals("This form cannot be used", browser.heading());
            browser.open(page);
            browser.post(page + "/proposals", "action", "ADD", "name", "No Token", "role", "custodian", "level", "STANDARD", "email", email);
            assertEquals("This form cannot be used", browser.heading());
            assertEquals(0, changes(agency));

            browser.open(page);
            browser.driver().findElement(By.id("contact-name")).sendKeys("Robin Records");
            browser.driver().findElement(By.id("contact-role")).sendKeys("records custodian");
            browser.driver().findElement(By.id("contact-email")).sendKeys(email);
            browser.submit(By.id("propose"));
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Change proposed"), browser.main());
            browser.submit(By.id("remove-" + active));
            assertEquals(2, changes(agency));
            String listed = browser.driver().findElement(By.id("changes")).getText();
            assertTrue(listed.contains("ADD Robin Records") && listed.contains("REMOVE") && listed.contains("PENDING"), listed);
            assertEquals(AgencyContact.Status.ACTIVE, status(active), "a removal waits for its cool-down");
            assertEquals(AgencyContact.Status.PENDING, QuarkusTransaction.requiringNew().call(() ->
                    AgencyContact.<AgencyContact>find("email", email).firstResult().status));
            browser.assertAccessible();

            // A webhook contact: without a forged-proof form nothing; with it, its HMAC secret once.
            String hook = "http://127.0.0.1:9/hooks/" + UUID.randomUUID();
            browser.post(page + "/proposals", "action", "ADD_WEBHOOK", "name", "No Token", "role", "records system", "level", "STANDARD",
                    "url", hook);
            assertEquals("This form cannot be used", browser.heading());
            assertEquals(2, changes(agency));
            browser.open(page);
            browser.driver().findElement(By.id("webhook-name")).sendKeys("Records system");
            browser.driver().findElement(By.id("webhook-role")).sendKeys("records system");
            browser.driver().findElement(By.id("webhook-url")).sendKeys(hook);
            browser.submit(By.id("propose-webhook"));
            String secret = browser.driver().findElement(By.id("webhook-secret")).getText();
            AgencyContact webhook = QuarkusTransaction.requiringNew().call(() -> AgencyContact.<AgencyContact>find("webhookUrl", hook)
                    .firstResult());
            assertEquals(AgencyContact.Status.PENDING, webhook.status);
            assertEquals(AgencyContact.Channel.WEBHOOK, webhook.channel);
            assertTrue(secret.length() >= 32 && !webhook.hmacSecretEncrypted.contains(secret), "kept sealed, shown once: " + secret);
            assertEquals(3, changes(agency));
            browser.assertAccessible();
            browser.open(page);
            assertFalse(browser.driver().getPageSource().contains(secret), "shown once, never again");
            // Deciding a change is the operators': nothing changes for an agency admin, even with a valid token.
            String pendingChange = QuarkusTransaction.requiringNew().call(() -> ContactChange.<ContactChange>find("agencyId", agency.id())
                    .firstResult().id.toString());
            assertTrue(browser.driver().findElements(By.id("cancel-" + pendingChange)).isEmpty());
            browser.post(page + "/changes/" + pendingChange + "/cancel", "csrf", valid);
            assertEquals("Not yours to see", browser.heading());
            assertEquals(0, QuarkusTransaction.requiringNew().call(() -> ContactChange.count("agencyId = ?1 and status <> ?2", agency.id(),
                    ContactChange.Status.PENDING)));
            browser.open(page);

            // Another agency: neither shown nor changed, even with this page's own token.
            browser.open("/console/agencies/" + other.id() + "/contacts");
            assertEquals("Not yours to see", browser.heading());
            browser.open(page);
            browser.post("/console/agencies/" + other.id() + "/contacts/proposals", "csrf", valid, "action", "REMOVE",
                    "contactId", theirs.toString());
            assertEquals("This form cannot be used", browser.heading());
            // Their contact under this agency's address, with this agency's token: no such contact here.
            browser.open(page);
            browser.post(page + "/proposals", "csrf", valid, "action", "REMOVE", "contactId", theirs.toString());
            assertEquals("Not found", browser.heading());
        }
        assertEquals(0, changes(other));
        assertEquals(AgencyContact.Status.ACTIVE, status(theirs));
    }

    @Test
    void aSecondOperatorApprovesAnOperatorsChangeAndAnOperatorCancelsOne() {
        TestAgency agency = agencies.active();
        agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.STANDARD);
        TestUser proposer = identities.user(Roles.OPERATOR);
        String approved = propose(proposer, agency, "approved");
        String cancelled = propose(proposer, agency, "cancelled");
        String page = "/console/agencies/" + agency.id() + "/contacts";
        TestUser operator = identities.user(Roles.OPERATOR);
        codes.setUp(operator.totpSecret());
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(operator, codes)) {
            browser.open(page);
            assertTrue(browser.driver().findElements(By.id("propose")).isEmpty(), "operators register contacts through the API");
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();
            String valid = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            browser.post(page + "/changes/" + approved + "/approve", "csrf", valid.substring(1) + "A");
            assertEquals("This form cannot be used", browser.heading());
            browser.open(page);
            browser.post(page + "/changes/" + cancelled + "/cancel");
            assertEquals("This form cannot be used", browser.heading());
            assertEquals(ContactChange.Status.PENDING, changeStatus(approved));
            assertEquals(ContactChange.Status.PENDING, changeStatus(cancelled));

            browser.open(page);
            browser.submit(By.id("approve-" + approved));
            assertEquals("Change approved: it applied at once.", browser.driver().findElement(By.id("decided")).getText());
            assertEquals(ContactChange.Status.APPLIED, changeStatus(approved));
            browser.submit(By.id("cancel-" + cancelled));
            assertEquals(ContactChange.Status.CANCELLED, changeStatus(cancelled));
            assertTrue(browser.driver().findElements(By.id("approve-" + cancelled)).isEmpty(), "decided changes have no buttons");
        }
    }

    /** An operator's contact proposal through the API (an operator registers contacts there): the change's id. */
    private static String propose(TestUser operator, TestAgency agency, String who) {
        return given().header("Authorization", operator.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "Contact " + who, "role", "records custodian", "level", "STANDARD",
                        "channel", Map.of("type", "EMAIL", "email", agency.email(who + "-" + UUID.randomUUID().toString().substring(0, 6)))))
                .post("/v1/agencies/" + agency.id() + "/contacts").then().statusCode(202).extract().path("change.id");
    }

    private static ContactChange.Status changeStatus(String changeId) {
        return QuarkusTransaction.requiringNew().call(() -> ContactChange.<ContactChange>findById(UUID.fromString(changeId)).status);
    }

    private static long changes(TestAgency agency) {
        return QuarkusTransaction.requiringNew().call(() -> ContactChange.count("agencyId", agency.id()));
    }

    private static AgencyContact.Status status(UUID contactId) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyContact.<AgencyContact>findById(contactId).status);
    }
}
