package org.agencyverify.confirmation.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.confirmation.ConfirmationRequest;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.contact.ContactSummary;
import org.junit.jupiter.api.Test;

/** The email's text and the sign-in rule, without Quarkus. */
class ConfirmationEmailTest {

    private static ConfirmationRequest request(String secret, String caseReference) {
        ContactSummary contact = new ContactSummary(UUID.randomUUID(), null, "Dana Records", null, null, null,
                "dana@records.example.gov", null, null, null, null, null);
        return new ConfirmationRequest(UUID.fromString("7d1f0c1e-3a1b-4c55-9f00-5a2c9e0b7a11"), UUID.randomUUID(), contact,
                UUID.randomUUID(), "Springfield PD", UUID.randomUUID(), "Jane Doe", "jane.doe@springfield.gov",
                "Example Exchange", "https://exchange.example.com", Purpose.SUBPOENA, caseReference, "ab".repeat(32),
                "K7PM-4QXR", "Jane Doe (Springfield PD) asks Example Exchange for SUBPOENA in case 2026-CR-2291. Code K7PM-4QXR",
                Instant.parse("2026-12-02T17:00:00Z"), "https://verify.example.org/v1/confirmations/x", secret, null);
    }

    @Test
    void statesTheRequestTheDeadlineAndTheLinkAndApprovesNothing() {
        ConfirmationEmail email = ConfirmationEmail.compose(request(null, "2026-CR-2291"), "https://verify.example.org/");
        assertEquals("dana@records.example.gov", email.to());
        assertEquals("Confirm or deny: Jane Doe asks Example Exchange for SUBPOENA (code K7PM-4QXR)", email.subject());
        String text = email.text();
        assertTrue(text.contains("\n  > Jane Doe (Springfield PD) asks Example Exchange for SUBPOENA in case 2026-CR-2291. Code K7PM-4QXR\n"));
        assertTrue(text.contains("https://verify.example.org/approve/7d1f0c1e-3a1b-4c55-9f00-5a2c9e0b7a11\n"), text);
        assertTrue(text.contains("Wednesday 2 December 2026, 17:00 UTC"), text);
        assertTrue(text.contains("\n  Case reference: \"2026-CR-2291\"\n"), text);
        assertTrue(text.contains("\n  Code:           K7PM-4QXR\n"), text);
        assertTrue(text.contains("This email approves nothing by itself"), text);
        assertFalse(text.contains("/v1/confirmations/"), "no webhook answer address");
    }

    @Test
    void neverCarriesASecretNorLetsARequestFieldBreakTheLayout() {
        String secret = "c2VjcmV0LW9mLXRoZS13ZWJob29rLWNoYW5uZWwtb25seQ";
        ConfirmationEmail email = ConfirmationEmail.compose(request(secret, "A-1\r\nBcc: evil@example.com"), "https://v.example");
        assertFalse(email.text().contains(secret));
        assertFalse(email.text().contains("\nBcc:"), email.text());
        assertFalse(email.subject().contains("\n"));
    }

    @Test
    void storedTextFromBeforeTheRuleStaysOnItsLineAndCannotImitateTheCode() {
        String forged = "2026-CR-1\r\n\r\n  Code:           ZZZZ-ZZZZ\u2028\u202E";
        String text = ConfirmationEmail.compose(request(null, forged), "https://v.example").text();
        assertEquals(1, text.lines().filter(l -> l.startsWith("  Code:")).count(), text);
        assertTrue(text.contains("\n  Case reference: \"2026-CR-1\uFFFD\uFFFD\uFFFD\uFFFD  Code:           ZZZZ-ZZZZ\uFFFD\uFFFD\"\n"), text);
    }

    @Test
    void aSignInCountsOnlyWithEveryRequiredMethod() {
        assertTrue(SignInRule.strongEnough(Set.of("pwd", "otp"), Set.of("otp")));
        assertFalse(SignInRule.strongEnough(Set.of("pwd"), Set.of("otp")));
        assertFalse(SignInRule.strongEnough(Set.of(), Set.of("otp")));
        assertFalse(SignInRule.strongEnough(Set.of("pwd", "otp"), Set.of()), "an empty policy is a misconfiguration, not a pass");
    }
}
