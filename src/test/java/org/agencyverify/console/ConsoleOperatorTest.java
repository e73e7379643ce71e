package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyDomain;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The operator pages in real Chromium: the agency queue (activate, suspend, reinstate) and an agency's
 * domains (claim, the TXT record to publish, a DNS check), each form refusing a missing or forged CSRF
 * token; an agency admin gets the 403 page and changes nothing.
 */
@QuarkusTest
class ConsoleOperatorTest {

    private static final String QUEUE = "/console/operator/agencies";

    @Inject
    EnrolledAgencies agencies;

    @Inject
    AgencyFixtures agencyFixtures;

    @Inject
    TestIdentities identities;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void anOperatorVetsAnAgencyAndItsDomainsThroughTheQueue() {
        TestAgency pending = agencies.create(AgencyStatus.PENDING);
        agencyFixtures.addActiveContact(pending.id(), AgencyContact.Level.STANDARD);
        TestUser operator = identities.user(Roles.OPERATOR);
        codes.setUp(operator.totpSecret());
        String claimed = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".agency.test";
        // The test database holds hundreds of agencies: the queue is searched by name, as an operator would.
        String mine = QUEUE + "?name=" + pending.domain().substring(0, 13);
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(operator, codes)) {
            browser.open(mine);
            assertEquals("Agency queue", browser.heading());
            assertTrue(browser.main().contains("Test agency " + pending.domain().substring(0, 13)), "PENDING is the default view");
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();

            // Forms without the page's token change nothing.
            String valid = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            for (String[] token : new String[][] {{}, {"csrf", valid.substring(1) + "A"}}) {
                browser.post(QUEUE + "/" + pending.id() + "/activate", token);
                assertEquals("This form cannot be used", browser.heading());
                browser.open(QUEUE + "/" + pending.id() + "/domains");
                browser.post(QUEUE + "/" + pending.id() + "/domains", concat(token, "domain", claimed));
                assertEquals("This form cannot be used", browser.heading());
                browser.open(mine);
            }
            assertEquals(AgencyStatus.PENDING, status(pending.id()));
            assertEquals(0, QuarkusTransaction.requiringNew().call(() -> AgencyDomain.count("domain", claimed)));

            browser.submit(By.id("activate-" + pending.id()));
            assertEquals(AgencyStatus.ACTIVE, status(pending.id()));
            assertEquals("Agency activated.", browser.driver().findElement(By.id("done")).getText());
            assertTrue(!browser.driver().findElements(By.id("suspend-" + pending.id())).isEmpty(), browser.driver().getCurrentUrl() + " " + browser.driver().getPageSource());
            browser.submit(By.id("suspend-" + pending.id()));
            assertEquals(AgencyStatus.SUSPENDED, status(pending.id()));
            browser.submit(By.id("reinstate-" + pending.id()));
            assertEquals(AgencyStatus.ACTIVE, status(pending.id()));
            assertTrue(QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("subjectId = ?1 and actor = ?2",
                    pending.id().toString(), "operator:" + operator.id())) >= 3, "audited as the operator");

            browser.open(QUEUE + "/" + pending.id() + "/domains");
            assertEquals("Domains of Test agency " + pending.domain().substring(0, 13), browser.heading());
            assertTrue(browser.main().contains(pending.domain()) && browser.main().contains("proved"), browser.main());
            browser.driver().findElement(By.id("domain")).sendKeys(claimed);
            browser.submit(By.id("claim"));
            AgencyDomain row = QuarkusTransaction.requiringNew().call(() -> AgencyDomain.<AgencyDomain>find("domain", claimed).firstResult());
            assertNotNull(row, "claimed through the form");
            String record = browser.driver().findElement(By.id("record-" + row.id)).getText();
            assertTrue(record.contains(row.challengeToken) && record.contains("TXT") && record.contains(claimed), record);
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();
            // Nobody published the record: the check says so and proves nothing.
            browser.submit(By.id("prove-" + row.id));
            assertEquals("Nothing was changed", browser.heading());
            assertFalse(QuarkusTransaction.requiringNew().call(() -> AgencyDomain.<AgencyDomain>findById(row.id)).isProved());
        }
    }

    @Test
    void anAgencyAdminGetsTheForbiddenPageAndChangesNothing() {
        TestAgency pending = agencies.create(AgencyStatus.PENDING);
        agencyFixtures.addActiveContact(pending.id(), AgencyContact.Level.STANDARD);
        codes.setUp(pending.admin().totpSecret());
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(pending.admin(), codes)) {
            for (String path : new String[] {QUEUE, QUEUE + "/" + pending.id() + "/domains", "/console/operator/service",
                    "/console/operator/portals", "/console/operator/import"}) {
                browser.open(path);
                assertEquals("Not yours to see", browser.heading(), path);
                assertEquals(403, browser.asThisBrowser().get(path).statusCode(), path);
            }
            browser.open("/console/agencies/" + pending.id() + "/officers");
            String ownToken = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            browser.post(QUEUE + "/" + pending.id() + "/activate", "csrf", ownToken);
            assertEquals("Not yours to see", browser.heading());
            browser.open("/console/agencies/" + pending.id() + "/officers");
            browser.post(QUEUE + "/" + pending.id() + "/domains", "csrf", ownToken, "domain", "planted-" + pending.domain());
            assertEquals("Not yours to see", browser.heading());
            browser.open("/console/agencies/" + pending.id() + "/officers");
            browser.post("/console/operator/service/rotate", "csrf", ownToken);
            assertEquals("Not yours to see", browser.heading());
            browser.open("/console/agencies/" + pending.id() + "/officers");
            browser.post("/console/operator/portals", "csrf", ownToken, "name", "Planted", "audience", "planted-" + pending.domain());
            assertEquals("Not yours to see", browser.heading());
        }
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> org.agencyverify.portal.Portal.count("audience",
                "planted-" + pending.domain())));
        assertEquals(AgencyStatus.PENDING, status(pending.id()));
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> AgencyDomain.count("domain", "planted-" + pending.domain())));
    }

    @Test
    void anOperatorRotatesTheSigningKeysAndChecksTheAuditChain() {
        TestUser operator = identities.user(Roles.OPERATOR);
        codes.setUp(operator.totpSecret());
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(operator, codes)) {
            browser.open("/console/operator/service");
            assertEquals("Signing keys and audit", browser.heading());
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();
            String active = activeKid();
            assertTrue(browser.main().contains(active), browser.main());

            String valid = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            browser.post("/console/operator/service/rotate", "csrf", valid.substring(2) + "zz");
            assertEquals("This form cannot be used", browser.heading());
            assertEquals(active, activeKid(), "a forged form rotates nothing");

            browser.open("/console/operator/service");
            browser.submit(By.id("rotate"));
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Keys rotated"));
            assertFalse(active.equals(activeKid()), "the NEXT key signs now");
            assertEquals(1, QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("action = 'signing-key.rotated' and actor = ?1",
                    "operator:" + operator.id())));

            browser.submit(By.id("audit-check"));
            String chain = browser.driver().findElement(By.id("chain")).getText();
            assertTrue(chain.startsWith("The audit chain is intact"), chain);
            assertEquals(1, QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("action = 'audit.verified' and actor = ?1",
                    "operator:" + operator.id())));
        }
    }

    private static String activeKid() {
        return QuarkusTransaction.requiringNew().call(() -> org.agencyverify.token.SigningKey.<org.agencyverify.token.SigningKey>find(
                "status", org.agencyverify.token.SigningKey.Status.ACTIVE).firstResult().kid);
    }

    private static AgencyStatus status(UUID agencyId) {
        return QuarkusTransaction.requiringNew().call(() -> Agency.<Agency>findById(agencyId).status);
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
