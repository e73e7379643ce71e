package org.agencyverify.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.agencyverify.common.ratelimit.TightLimits;
import org.agencyverify.provisioning.ScimCredential;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OneTimeCodes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The console counts against the admin API's per-caller limit (10 a minute in {@link TightLimits},
 * the profile of the rate-limit edge tests, so no extra restart): past it, a page says so (429 with
 * Retry-After, the console's headers, HTML, not the API's problem JSON), a form changes nothing, and the
 * same person's API calls share the bucket.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class ConsoleRateLimitTest {

    private static final int PER_CALLER = 10;

    @Inject
    EnrolledAgencies agencies;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void pastTheAdminLimitTheConsoleAnswersAPageAndChangesNothing() {
        TestAgency agency = agencies.active();
        String page = "/console/agencies/" + agency.id() + "/directory";
        codes.setUp(agency.admin().totpSecret());
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            browser.open(page);
            String valid = browser.driver().findElement(By.name("csrf")).getAttribute("value");
            int served = 2;
            Response answer = browser.asThisBrowser().get(page);
            while (answer.statusCode() == 200 && served < PER_CALLER + 1) {
                served++;
                answer = browser.asThisBrowser().get(page);
            }
            assertEquals(429, answer.statusCode(), "after " + served + " pages");
            assertEquals(PER_CALLER, served, "the sign-in's landing page and every page since count");
            assertTrue(answer.contentType().startsWith("text/html"), answer.contentType());
            assertTrue(answer.body().asString().contains("Too many requests"), answer.body().asString());
            long retryAfter = Long.parseLong(answer.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            ConsoleBrowser.assertConsoleHeaders(answer);

            browser.post(page + "/scim-credential", "csrf", valid);
            assertEquals("Too many requests", browser.heading());
            assertFalse(QuarkusTransaction.requiringNew().call(() -> ScimCredential.count("agencyId", agency.id()) > 0));
            browser.assertAccessible();
            // One bucket per person: their API calls are over the limit too.
            given().header("Authorization", agency.admin().bearer()).get("/v1/agencies/" + agency.id()).then().statusCode(429);
        }
    }
}
