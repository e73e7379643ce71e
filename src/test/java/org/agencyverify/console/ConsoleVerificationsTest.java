package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.agencyverify.verification.VerificationState;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The verifications made in an agency's name, in real Chromium as its admin: the agency's only, with
 * outcome, portal, purpose and case; the filters; the 30-day charts; another agency's page is 403.
 */
@QuarkusTest
class ConsoleVerificationsTest {

    @Inject
    EnrolledAgencies agencies;

    @Inject
    VerificationFixtures fixtures;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void anAgencyAdminSeesFiltersAndChartsTheirAgencysVerificationsOnly() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        TestPortal first = fixtures.portal();
        TestPortal second = fixtures.portal();
        TestOfficer officer = officer(agency);
        TestOfficer otherOfficer = officer(other);
        Instant now = Instant.now();
        String issued = store(agency, officer, first, Purpose.SUBPOENA, VerificationState.TOKEN_ISSUED, now.minus(Duration.ofHours(2)));
        String denied = store(agency, officer, second, Purpose.EMERGENCY, VerificationState.DENIED, now.minus(Duration.ofDays(3)));
        String pending = store(agency, officer, first, Purpose.COURT_ORDER, VerificationState.PENDING_CONFIRMATION, now);
        String old = store(agency, officer, first, Purpose.SUBPOENA, VerificationState.EXPIRED, now.minus(Duration.ofDays(40)));
        String theirs = store(other, otherOfficer, first, Purpose.SUBPOENA, VerificationState.TOKEN_ISSUED, now);
        String page = "/console/agencies/" + agency.id() + "/verifications";
        codes.setUp(agency.admin().totpSecret());
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            browser.open(page);
            assertEquals("Verifications in the name of Test agency " + agency.domain().substring(0, 13), browser.heading());
            String main = browser.main();
            for (String mine : new String[] {issued, denied, pending, old}) {
                assertTrue(main.contains(mine), mine + " in " + main);
            }
            assertFalse(main.contains(theirs), "another agency's verification is not shown");
            assertTrue(main.contains(first.name()) && main.contains(second.name()), main);
            assertTrue(main.contains("enrolled officer"), main);

            // The charts count the last 30 days only (not the 40-day-old one), by outcome and by portal.
            assertTrue(browser.driver().findElement(By.id("chart-total")).getText().startsWith("3 verifications"), main);
            String byOutcome = browser.driver().findElement(By.id("by-outcome-title")).getAttribute("textContent");
            assertTrue(byOutcome.contains("TOKEN_ISSUED 1") && byOutcome.contains("DENIED 1")
                    && byOutcome.contains("PENDING_CONFIRMATION 1") && !byOutcome.contains("EXPIRED"), byOutcome);
            String byPortal = browser.driver().findElement(By.id("by-portal-title")).getAttribute("textContent");
            assertTrue(byPortal.contains(first.name() + " 2") && byPortal.contains(second.name() + " 1"), byPortal);
            assertEquals(3, browser.driver().findElements(By.cssSelector("#by-outcome rect")).size());
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();

            browser.open(page + "?state=DENIED");
            assertTrue(browser.main().contains(denied) && !browser.main().contains(issued), browser.main());
            browser.open(page + "?portal=" + second.id());
            assertTrue(browser.main().contains(denied) && !browser.main().contains(pending), browser.main());
            browser.open(page + "?purpose=COURT_ORDER");
            assertTrue(browser.main().contains(pending) && !browser.main().contains(denied), browser.main());
            String today = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
            browser.open(page + "?from=" + today);
            assertTrue(browser.main().contains(issued) && !browser.main().contains(old) && !browser.main().contains(denied), browser.main());
            browser.open(page + "?until=" + LocalDate.now(ZoneOffset.UTC).minusDays(30));
            assertTrue(browser.main().contains(old) && !browser.main().contains(issued), browser.main());
            // Through the form's own fields: the outcome chosen stays chosen.
            browser.open(page);
            new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("state"))).selectByValue("TOKEN_ISSUED");
            browser.submit(By.id("filter"));
            assertTrue(browser.main().contains(issued) && !browser.main().contains(pending), browser.main());
            assertEquals("TOKEN_ISSUED", new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("state")))
                    .getFirstSelectedOption().getAttribute("value"));

            browser.open("/console/agencies/" + other.id() + "/verifications");
            assertEquals("Not yours to see", browser.heading());
            assertFalse(browser.driver().getPageSource().contains(theirs));
        }
    }

    private static TestOfficer officer(TestAgency agency) {
        UUID id = OfficerFixtures.enrolled(agency);
        return new TestOfficer(id, OfficerFixtures.row(id).email, null, null, null);
    }

    /** Stores a verification in this state and returns its case reference. */
    private static String store(TestAgency agency, TestOfficer officer, TestPortal portal, Purpose purpose, VerificationState state,
            Instant at) {
        String caseReference = "CASE-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            Verification v = VerificationFixtures.pendingRow(agency, officer, portal, caseReference, at);
            v.purpose = purpose;
            v.state = state;
            v.persist();
        });
        return caseReference;
    }
}
