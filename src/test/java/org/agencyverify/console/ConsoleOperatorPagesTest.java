package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.security.Roles;
import org.agencyverify.portal.ClientCredentials;
import org.agencyverify.portal.Portal;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The operator's portals and .gov import pages in real Chromium: register a portal (its client secret on
 * the answer only, and it gets tokens), suspend and reinstate it, rotate its secret (the old one stops);
 * upload a registry CSV larger than the global body limit and read the summary. Forged forms change
 * nothing. Agency admins' 403 is in ConsoleOperatorTest.
 */
@QuarkusTest
class ConsoleOperatorPagesTest {

    private static final String PORTALS = "/console/operator/portals";
    private static final String IMPORT = "/console/operator/import";

    @Inject
    TestIdentities identities;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void anOperatorManagesPortalsAndImportsTheRegistry() throws Exception {
        TestUser operator = identities.user(Roles.OPERATOR);
        codes.setUp(operator.totpSecret());
        String audience = "https://portal-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(operator, codes)) {
            browser.open(PORTALS);
            assertEquals("Portals", browser.heading());
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();

            String valid = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            browser.post(PORTALS, "csrf", valid.substring(1) + "A", "name", "Forged portal", "audience", audience);
            assertEquals("This form cannot be used", browser.heading());
            browser.open(PORTALS);
            browser.post(PORTALS, "name", "Forged portal", "audience", audience);
            assertEquals("This form cannot be used", browser.heading());
            assertEquals(0, QuarkusTransaction.requiringNew().call(() -> Portal.count("audience", audience)));

            browser.open(PORTALS);
            browser.driver().findElement(By.id("portal-name")).sendKeys("Records portal");
            browser.driver().findElement(By.id("portal-audience")).sendKeys(audience);
            browser.submit(By.id("register"));
            assertEquals("Portal Records portal", browser.heading());
            String clientId = browser.driver().findElement(By.id("client-id")).getText();
            String first = browser.driver().findElement(By.id("client-secret")).getText();
            ClientCredentials.token(clientId, first);
            Portal portal = QuarkusTransaction.requiringNew().call(() -> Portal.<Portal>find("audience", audience).firstResult());
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();

            browser.open(PORTALS + "/" + portal.id);
            assertFalse(browser.driver().getPageSource().contains(first), "shown once, never again");
            String token = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            browser.post(PORTALS + "/" + portal.id + "/suspend", "csrf", token + "x");
            assertEquals("This form cannot be used", browser.heading());
            assertEquals(Portal.Status.ACTIVE, status(portal.id));

            browser.open(PORTALS + "/" + portal.id);
            browser.submit(By.id("suspend"));
            assertTrue(browser.driver().findElement(By.id("done")).getText().startsWith("Portal suspended"));
            assertEquals(Portal.Status.SUSPENDED, status(portal.id));
            browser.submit(By.id("reinstate"));
            assertEquals(Portal.Status.ACTIVE, status(portal.id));

            browser.submit(By.id("rotate-secret"));
            String second = browser.driver().findElement(By.id("client-secret")).getText();
            assertNotEquals(first, second);
            ClientCredentials.token(clientId, second);
            assertEquals(401, ClientCredentials.request(clientId, first).statusCode(), "the old secret stops at once");
            for (String action : new String[] {"portal.registered", "portal.suspended", "portal.reinstated", "portal.secret-rotated"}) {
                assertEquals(1, QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("action = ?1 and subjectId = ?2 and actor = ?3",
                        action, portal.id.toString(), "operator:" + operator.id())), action);
            }

            importsTheRegistry(browser);
        }
    }

    /** Two new agencies' rows, and enough rejected rows to pass the global 64 KiB body limit, as the real file does. */
    private static void importsTheRegistry(ConsoleBrowser browser) throws IOException {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        StringBuilder csv = new StringBuilder("Domain name,Domain type,Organization name,Suborganization name,City,State,Security contact email\r\n");
        csv.append("ci").append(tag).append("a.gov,City,Console Import ").append(tag).append(" A,,Springfield,IL,\r\n");
        csv.append("ci").append(tag).append("b.gov,County,Console Import ").append(tag).append(" B,,Shelbyville,IL,\r\n");
        int padding = 0;
        while (csv.length() < 80 * 1024) {
            csv.append("not a domain ").append(padding++).append(",City,Padding organization,,Nowhere,IL,\r\n");
        }
        Path file = Files.createTempFile("registry-", ".csv");
        try {
            Files.writeString(file, csv);
            browser.open(IMPORT);
            assertEquals(".gov import", browser.heading());
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();
            browser.driver().executeScript("document.getElementsByName('csrf')[0].value = 'forged'");
            browser.driver().findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
            browser.submit(By.id("import"));
            assertEquals("This form cannot be used", browser.heading());
            assertEquals(0, imported(tag));

            browser.open(IMPORT);
            browser.driver().findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
            browser.submit(By.id("import"));
            String report = browser.driver().findElement(By.id("report")).getText();
            assertTrue(report.contains("2 agency candidates (PENDING) and 2 domains created") && report.contains(padding + " rejected"), report);
            assertEquals(2, imported(tag));
            assertTrue(browser.driver().findElement(By.id("rejected")).getText().contains("4 Domain name is not a valid domain"));
            browser.assertAccessible();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long imported(String tag) {
        return QuarkusTransaction.requiringNew().call(() -> Agency.count("name like ?1", "Console Import " + tag + "%"));
    }

    private static Portal.Status status(UUID portalId) {
        return QuarkusTransaction.requiringNew().call(() -> Portal.<Portal>findById(portalId).status);
    }
}
