package org.agencyverify.verification;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfficerFailureRuleTest {

    private static final String OFFICER = "kc-officer";

    private static CredentialCheck.Result genuineToken(String subject) {
        return new CredentialCheck.Result(null, subject, "1", Set.of("pwd", "otp"), Instant.now(), null, "agency-verify-cli", null);
    }

    @Test
    void theRightPasswordWithAWrongCodeCounts() {
        assertTrue(OfficerFailureRule.counts(CredentialKind.PASSWORD_OTP,
                CredentialCheck.Result.refused(CredentialCheck.SECOND_FACTOR_FAILED), CredentialCheck.SECOND_FACTOR_FAILED, OFFICER));
    }

    @Test
    void whatAnyoneCanSendNeverCounts() {
        assertFalse(OfficerFailureRule.counts(CredentialKind.PASSWORD_OTP, CredentialCheck.Result.refused("keycloak-invalid-credentials"),
                "keycloak-invalid-credentials", OFFICER), "a wrong password");
        assertFalse(OfficerFailureRule.counts(CredentialKind.TOKEN, CredentialCheck.Result.refused("token-invalid"), "token-invalid",
                OFFICER), "a junk or forged token");
        assertFalse(OfficerFailureRule.counts(CredentialKind.TOKEN, genuineToken("someone-else"), "token-subject-mismatch", OFFICER),
                "another person's genuine token");
        assertFalse(OfficerFailureRule.counts(CredentialKind.PASSWORD_OTP, null, "source-blocked", OFFICER), "never checked");
        assertFalse(OfficerFailureRule.counts(CredentialKind.PASSWORD_OTP, CredentialCheck.Result.refused("officer-without-otp"),
                "officer-without-otp", OFFICER), "the agency's set-up, not an attack");
    }

    @Test
    void theOfficersOwnGenuineTokenRefusedByTheRulesCounts() {
        assertTrue(OfficerFailureRule.counts(CredentialKind.TOKEN, genuineToken(OFFICER), "token-authentication-too-weak", OFFICER));
        assertTrue(OfficerFailureRule.counts(CredentialKind.TOKEN, genuineToken(OFFICER), "token-foreign-identity-provider", OFFICER));
    }

    @Test
    void nothingCountsWhenThereIsNoActiveOfficerOrTheStartPassed() {
        assertFalse(OfficerFailureRule.counts(CredentialKind.TOKEN, genuineToken(OFFICER), "token-authentication-too-weak", null));
        assertFalse(OfficerFailureRule.counts(CredentialKind.TOKEN, genuineToken(OFFICER), null, OFFICER));
    }
}
