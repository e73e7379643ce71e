package org.agencyverify.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;

/**
 * An officer's own sign-in at Keycloak's pages with password and one-time code (needs {@link RealmAmr}):
 * the access token a portal hands over as {@code credentials.type = token}, reusable while it lives.
 */
public final class OfficerTokens {

    private OfficerTokens() {}

    /** The token, or null when Keycloak did not let the officer sign in (locked out, wrong code). */
    public static String signIn(String issuer, String email, String password, String otp) {
        BrowserlessLogin login = new BrowserlessLogin(issuer, TestIdentities.CLIENT);
        OfficerSignIn.passwordAndOtp(login, login.authorize("openid", Map.of()), email, password, otp);
        return login.code() == null ? null : login.tokens().path("access_token").asText();
    }

    /** A strong token of the officer, signed in with the next window's code. */
    public static String strong(AgencyVerifyConfig config, TestOfficer officer) {
        String token = signIn(config.keycloak().issuer(), officer.email(), officer.password(), officer.nextOtp());
        assertNotNull(token, "the officer signs in");
        return token;
    }
}
