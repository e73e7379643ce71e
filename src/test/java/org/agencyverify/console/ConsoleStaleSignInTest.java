package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.ShortSignInAge;
import org.junit.jupiter.api.Test;

/**
 * A console session outlives the sign-in it began with: once the sign-in is older than
 * {@code agency-verify.admin-sign-in.max-auth-age} (a few seconds here), the same session is sent to
 * sign in again and sees no data, though it has both factors and its cookie is still valid.
 */
@QuarkusTest
@TestProfile(ShortSignInAge.class)
class ConsoleStaleSignInTest {

    @Inject
    EnrolledAgencies agencies;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void aSignInOlderThanTheMaximumAgeIsSentToSignInAgain() {
        TestAgency agency = agencies.active();
        codes.setUp(agency.admin().totpSecret());
        String page = "/console/agencies/" + agency.id() + "/officers";
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            browser.open(page);
            assertEquals("Officers of Test agency " + agency.domain().substring(0, 13), browser.heading());
            Eventually.sleep(15_000);
            browser.open(page);
            assertEquals("Sign in again with your second factor", browser.heading());
            assertFalse(browser.driver().getPageSource().contains(agency.domain().substring(0, 13)), "no agency data");
            assertEquals(401, browser.asThisBrowser().get(page).statusCode());
        }
    }
}
