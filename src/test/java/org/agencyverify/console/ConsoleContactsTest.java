package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.change.ContactChange;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OneTimeCodes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The contacts page in real Chromium as the agency's admin: contacts and pending changes with their
 * cool-down; proposing an email contact and a removal through the page (PENDING, nothing applied at
 * once); forged forms and another agency's page change nothing.
 */
@QuarkusTest
class ConsoleContactsTest {

    @Inject
    EnrolledAgencies agencies;

    @Inject
    AgencyFixtures agencyFixtures;

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

    private static long changes(TestAgency agency) {
        return QuarkusTransaction.requiringNew().call(() -> ContactChange.count("agencyId", agency.id()));
    }

    private static AgencyContact.Status status(UUID contactId) {
        return QuarkusTransaction.requiringNew().call(() -> AgencyContact.<AgencyContact>findById(contactId).status);
    }
}
