package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OneTimeCodes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The officers page in real Chromium, as an agency admin signed in with password and one-time code:
 * enroll, suspend, reinstate, remove and report compromised through the page's forms (the same services
 * and audit as the API); every form refuses a missing or forged CSRF token; another agency's officers
 * are neither shown nor changed; the page passes axe-core and fits 360 px.
 */
@QuarkusTest
class ConsoleOfficersTest {

    @Inject
    EnrolledAgencies agencies;

    private final OneTimeCodes codes = new OneTimeCodes();

    private static String page(TestAgency agency) {
        return "/console/agencies/" + agency.id() + "/officers";
    }

    @Test
    void anAgencyAdminEnrollsAndManagesOfficersThroughThePage() {
        TestAgency agency = agencies.active();
        codes.setUp(agency.admin().totpSecret());
        String email = agency.email("console-" + UUID.randomUUID().toString().substring(0, 8));
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            browser.open(page(agency));
            assertEquals("Officers of Test agency " + agency.domain().substring(0, 13), browser.heading());
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();

            browser.driver().findElement(By.id("email")).sendKeys(email);
            browser.driver().findElement(By.id("name")).sendKeys("Casey Console");
            browser.driver().findElement(By.id("badgeNumber")).sendKeys("C-" + UUID.randomUUID().toString().substring(0, 6));
            browser.submit(By.id("enroll"));
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Officer enrolled."), browser.main());
            Officer enrolled = byEmail(email);
            assertEquals(OfficerStatus.INVITED, enrolled.status);
            assertTrue(browser.main().contains("Invitation sent"), browser.main());
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();

            browser.submit(By.id("suspend-" + enrolled.id));
            assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(enrolled.id).status);
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Officer suspended"), browser.main());
            browser.submit(By.id("reinstate-" + enrolled.id));
            assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(enrolled.id).status, "never activated: back to INVITED");
            browser.submit(By.id("remove-" + enrolled.id));
            assertEquals(OfficerStatus.REVOKED, OfficerFixtures.row(enrolled.id).status);
            assertFalse(browser.driver().findElements(By.id("remove-" + enrolled.id)).size() > 0, "nothing more to do for a removed officer");

            UUID second = OfficerFixtures.enrolled(agency);
            browser.open(page(agency));
            browser.submit(By.id("compromised-" + second));
            assertEquals(OfficerStatus.REVOKED, OfficerFixtures.row(second).status);
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Reported compromised"), browser.main());

            // The same audit trail as the API, naming the agency admin who acted.
            String actor = "agency-admin:" + agency.admin().id();
            for (String action : new String[] {"officer.enrolled", "officer.suspended", "officer.reinstated", "officer.removed"}) {
                assertEquals(1, audited(enrolled.id, action, actor), action);
            }

            // A state filter and its label.
            browser.open(page(agency) + "?status=REVOKED");
            assertTrue(browser.main().contains("Casey Console"), browser.main());
            browser.open(page(agency) + "?status=ACTIVE");
            assertTrue(browser.driver().findElements(By.id("officer-" + enrolled.id)).isEmpty());

            // The agency's audit events page shows the same events, newest first, and filters by action.
            browser.open("/console/agencies/" + agency.id() + "/audit");
            assertEquals("Audit events of Test agency " + agency.domain().substring(0, 13), browser.heading());
            String events = browser.main();
            for (String action : new String[] {"officer.enrolled", "officer.suspended", "officer.reinstated", "officer.removed"}) {
                assertTrue(events.contains(action), action + " in " + events);
            }
            assertTrue(events.contains(enrolled.id.toString()), events);
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();
            browser.open("/console/agencies/" + agency.id() + "/audit?action=officer.suspended");
            assertTrue(browser.main().contains("officer.suspended") && !browser.main().contains("officer.reinstated"), browser.main());
        }
    }

    @Test
    void everyFormRefusesAMissingOrForgedCsrfTokenAndChangesNothing() {
        TestAgency agency = agencies.active();
        codes.setUp(agency.admin().totpSecret());
        UUID officer = OfficerFixtures.enrolled(agency);
        String taken = agency.email("never-" + UUID.randomUUID().toString().substring(0, 8));
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            browser.open(page(agency));
            String valid = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            String forged = valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA");
            for (String[] token : new String[][] {{}, {"csrf", ""}, {"csrf", forged}, {"csrf", "x"}}) {
                browser.open(page(agency));
                browser.post(page(agency), concat(token, "email", taken, "name", "Forged Form", "badgeNumber", "F-1"));
                assertEquals("This form cannot be used", browser.heading(), "enroll with " + String.join("=", token));
                for (String action : new String[] {"suspend", "remove", "compromised", "activate", "invitation"}) {
                    browser.open(page(agency));
                    browser.post(page(agency) + "/" + officer + "/" + action, token);
                    assertEquals("This form cannot be used", browser.heading(), action + " with " + String.join("=", token));
                }
            }
            assertTrue(QuarkusTransaction.requiringNew().call(() -> Officer.count("email", taken)) == 0, "nobody enrolled");
            assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(officer).status, "the officer was not changed");
            assertEquals(0, QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                    "subjectId = ?1 and action <> 'officer.enrolled'", officer.toString())));

            // With the page's own token the same form works: the refusals above were the token's.
            browser.open(page(agency));
            browser.post(page(agency) + "/" + officer + "/suspend", "csrf", valid);
            assertEquals(OfficerStatus.SUSPENDED, OfficerFixtures.row(officer).status);
        }
    }

    @Test
    void anAgencyAdminNeverSeesNorChangesAnotherAgencysOfficers() {
        TestAgency mine = agencies.active();
        TestAgency theirs = agencies.active();
        codes.setUp(mine.admin().totpSecret());
        UUID theirOfficer = OfficerFixtures.enrolled(theirs);
        String theirEmail = OfficerFixtures.row(theirOfficer).email;
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(mine.admin(), codes)) {
            browser.open(page(theirs));
            assertEquals("Not yours to see", browser.heading());
            assertFalse(browser.driver().getPageSource().contains(theirEmail));
            browser.open("/console/agencies/" + theirs.id() + "/audit");
            assertEquals("Not yours to see", browser.heading());
            assertFalse(browser.driver().getPageSource().contains(theirOfficer.toString()));
            browser.assertAccessible();
            assertEquals(403, browser.asThisBrowser().get(page(theirs)).statusCode());
            // An agency id that does not exist answers the same.
            assertEquals(403, browser.asThisBrowser().get("/console/agencies/" + UUID.randomUUID() + "/officers").statusCode());

            browser.open(page(mine));
            String myToken = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            // My form's token on their agency's address: refused before anything is read.
            browser.post(page(theirs) + "/" + theirOfficer + "/suspend", "csrf", myToken);
            assertEquals("This form cannot be used", browser.heading());
            browser.open(page(mine));
            browser.post(page(theirs), "csrf", myToken, "email", theirs.email("planted"), "name", "Planted", "badgeNumber", "P-1");
            assertEquals("This form cannot be used", browser.heading());
            // Their officer under my agency's address, with my valid token: no such officer here.
            for (String action : new String[] {"suspend", "remove", "compromised"}) {
                browser.open(page(mine));
                browser.post(page(mine) + "/" + theirOfficer + "/" + action, "csrf", myToken);
                assertEquals("Not found", browser.heading(), action);
            }
        }
        assertEquals(OfficerStatus.INVITED, OfficerFixtures.row(theirOfficer).status, "their officer was not changed");
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> Officer.count("email", theirs.email("planted"))));
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                "subjectId = ?1 and action <> 'officer.enrolled'", theirOfficer.toString())));
    }

    private static Officer byEmail(String email) {
        return QuarkusTransaction.requiringNew().call(() -> Officer.<Officer>find("email", email).firstResult());
    }

    private static long audited(UUID officerId, String action, String actor) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("subjectId = ?1 and action = ?2 and actor = ?3",
                officerId.toString(), action, actor));
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
