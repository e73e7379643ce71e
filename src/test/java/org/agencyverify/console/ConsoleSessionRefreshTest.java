package org.agencyverify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.stream.Collectors;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OneTimeCodes;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

/**
 * The console session renews its ID token with the refresh token ({@code refresh-expired}) while
 * Keycloak's session lasts, and not once Keycloak ended it: a person an administrator signed out (or
 * disabled) at Keycloak loses the console at the next renewal, not when the session cookie runs out.
 * Keycloak's tokens live 5 minutes; here a negative clock skew ({@code token.lifespan-grace}) makes the
 * console take an ID token as expired a few seconds after it was issued, so the renewal happens within
 * the test ({@code token.age} would refuse the old token outright instead of renewing it).
 */
@QuarkusTest
@TestProfile(ConsoleSessionRefreshTest.ShortIdTokens.class)
class ConsoleSessionRefreshTest {

    /** Keycloak's token lifespan in the realm files (accessTokenLifespan); the ID token lives as long. */
    private static final int KEYCLOAK_LIFESPAN_SECONDS = 300;
    private static final int ID_TOKEN_AGE_SECONDS = 5;

    public static class ShortIdTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.console.token.lifespan-grace", String.valueOf(ID_TOKEN_AGE_SECONDS - KEYCLOAK_LIFESPAN_SECONDS));
        }
    }

    @Inject
    EnrolledAgencies agencies;

    @Inject
    TestIdentities identities;

    private final OneTimeCodes codes = new OneTimeCodes();

    @Test
    void theSessionIsRenewedWhileKeycloaksLastsAndEndsWithIt() {
        TestAgency agency = agencies.active();
        codes.setUp(agency.admin().totpSecret());
        String page = "/console/agencies/" + agency.id() + "/officers";
        String heading = "Officers of Test agency " + agency.domain().substring(0, 13);
        try (ConsoleBrowser browser = new ConsoleBrowser().signIn(agency.admin(), codes)) {
            browser.open(page);
            assertEquals(heading, browser.heading());
            String before = session(browser);
            assertFalse(before.isEmpty(), "a console session cookie");

            // The ID token is now too old: renewed with the refresh token, no new sign-in, a new session cookie.
            Eventually.sleep((ID_TOKEN_AGE_SECONDS + 2) * 1000L);
            browser.open(page);
            assertEquals(heading, browser.heading(), "renewed, not sent to sign in");
            assertNotEquals(before, session(browser), "the session cookie holds the renewed tokens");

            // Keycloak ends the person's sessions: the next renewal is refused and the console shows nothing but a
            // way to sign in again (not "unavailable": Keycloak is up and said no).
            identities.realm().users().get(agency.admin().id()).logout();
            Eventually.sleep((ID_TOKEN_AGE_SECONDS + 2) * 1000L);
            browser.open(page);
            assertEquals("Your sign-in has ended", browser.heading());
            assertFalse(browser.driver().getPageSource().contains(agency.domain().substring(0, 13)), "no agency data");
        }
    }

    /** The console's session cookie as the browser holds it (possibly in chunks). */
    private static String session(ConsoleBrowser browser) {
        return browser.driver().manage().getCookies().stream().filter(c -> c.getName().startsWith("q_session"))
                .sorted(java.util.Comparator.comparing(Cookie::getName)).map(Cookie::getValue).collect(Collectors.joining());
    }
}
