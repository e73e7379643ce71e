package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.agencyverify.agency.AgencyAdmin;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;

/**
 * Who gets into the console: an agency admin after password and one-time code sees their agency, with
 * the console's headers; the same role after a password-only sign-in is sent to sign in again and sees
 * nothing; a person with no admin role gets the 403 page.
 */
@QuarkusTest
class ConsoleSignInTest {

    @Inject
    EnrolledAgencies agencies;

    @Inject
    TestIdentities identities;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void anAgencyAdminWithASecondFactorSeesTheirAgencyWithTheConsoleHeaders() {
        TestAgency agency = agencies.active();
        TestAgency other = agencies.active();
        codes.setUp(agency.admin().totpSecret());
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            assertEquals("Console", browser.heading());
            String main = browser.main();
            assertTrue(main.contains("Test agency " + agency.domain().substring(0, 13)), main);
            assertFalse(main.contains(other.domain().substring(0, 13)), "another agency is not listed: " + main);
            assertTrue(main.contains(agency.admin().email()), main);

            io.restassured.response.Response page = browser.asThisBrowser().get("/console");
            assertEquals(200, page.statusCode(), page.asString());
            ConsoleBrowser.assertConsoleHeaders(page);
            assertFalse(page.asString().contains("<script"), "no script on a console page");
            assertFalse(page.asString().contains("style="), "no inline style on a console page");
            io.restassured.response.Response css = browser.asThisBrowser().get("/console/console.css");
            assertEquals(200, css.statusCode());
            assertTrue(css.contentType().startsWith("text/css"), css.contentType());
            assertEquals("nosniff", css.header("X-Content-Type-Options"));
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();
        }
    }

    @Test
    void aPasswordOnlySignInIsSentToSignInAgainAndSeesNoData() {
        TestAgency agency = agencies.active();
        TestUser weak = identities.userWithoutSecondFactor(Roles.AGENCY_ADMIN);
        administers(weak, agency);
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(weak, codes)) {
            assertEquals("Sign in again with your second factor", browser.heading());
            String page = browser.driver().getPageSource();
            assertFalse(page.contains(agency.domain().substring(0, 13)), "no agency data for a password-only sign-in");
            assertTrue(browser.driver().findElement(org.openqa.selenium.By.id("sign-in-again")).isDisplayed());
            browser.assertAccessible();
            browser.assertNoHorizontalScrollAt360();
            for (String path : new String[] {"/console", "/console/agencies/" + agency.id() + "/officers"}) {
                io.restassured.response.Response answer = browser.asThisBrowser().get(path);
                assertEquals(401, answer.statusCode(), path);
                ConsoleBrowser.assertConsoleHeaders(answer);
                assertFalse(answer.asString().contains(agency.domain().substring(0, 13)), path);
            }
            // The button signs out (Keycloak's session too) and starts a fresh sign-in at Keycloak.
            browser.driver().findElement(org.openqa.selenium.By.id("sign-in-again")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(20))
                    .until(d -> d.getCurrentUrl().contains("/realms/agency-verify/") && !d.findElements(org.openqa.selenium.By.id("password")).isEmpty());
        }
    }

    @Test
    void someoneWithoutAnAdminRoleGetsTheForbiddenPage() {
        TestUser officer = identities.user(Roles.OFFICER);
        codes.setUp(officer.totpSecret());
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(officer, codes)) {
            assertEquals("Not yours to see", browser.heading());
            browser.assertAccessible();
            io.restassured.response.Response answer = browser.asThisBrowser().get("/console");
            assertEquals(403, answer.statusCode());
            assertTrue(answer.contentType().startsWith("text/html"), answer.contentType());
            ConsoleBrowser.assertConsoleHeaders(answer);
        }
    }

    @Test
    void signedOutTheConsoleSendsToKeycloak() {
        io.restassured.response.Response answer = RestAssured.given().redirects().follow(false).get("/console");
        assertEquals(302, answer.statusCode());
        String location = answer.header("Location");
        assertTrue(location.contains("/realms/agency-verify/protocol/openid-connect/auth"), location);
        assertTrue(location.contains("client_id=agency-verify-console"), location);
        assertTrue(location.contains("code_challenge_method=S256"), location);
    }

    private static void administers(TestUser user, TestAgency agency) {
        QuarkusTransaction.requiringNew().run(() -> {
            AgencyAdmin row = new AgencyAdmin();
            row.id = UUID.randomUUID();
            row.agencyId = agency.id();
            row.keycloakUserId = user.id();
            row.email = user.email();
            row.name = "Weak Admin";
            row.createdAt = Instant.now();
            row.persist();
        });
    }
}
