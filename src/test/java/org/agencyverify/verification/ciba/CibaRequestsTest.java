package org.agencyverify.verification.ciba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.agencyverify.common.purpose.Purpose;
import org.junit.jupiter.api.Test;

/** The shape rules of a backchannel authentication request, on their own. */
class CibaRequestsTest {

    private static final String DETAILS = "[{\"type\":\"law_enforcement_request\",\"purpose\":\"SUBPOENA\","
            + "\"case_reference\":\"2026-CR-1\",\"document_digest\":{\"alg\":\"sha-256\",\"value\":\"" + "AB".repeat(32) + "\"}}]";

    private static CibaRequests.Form form(String loginHint, String binding, String details, String expiry) {
        return new CibaRequests.Form(loginHint, null, null, binding, details, expiry);
    }

    @Test
    void aWellFormedRequestIsReadAsSent() {
        CibaRequests.Start start = CibaRequests.parse(form(" Jane.Doe@PD.Example.gov ", "K7PM-4QXR", DETAILS, "600"));
        assertEquals("jane.doe@pd.example.gov", start.sender());
        assertEquals("pd.example.gov", start.senderDomain());
        assertEquals(Optional.of("K7PM-4QXR"), start.bindingMessage());
        assertEquals(Purpose.SUBPOENA, start.purpose());
        assertEquals("2026-CR-1", start.caseReference());
        assertEquals("ab".repeat(32), start.documentDigest());
        assertEquals(Optional.of(600L), start.requestedExpirySeconds());
    }

    @Test
    void aLoginHintThatIsNotAnAddressIsInvalid() {
        for (String hint : new String[] {null, "", "jane", "jane@", "@pd.gov", "jane@pd", "ja ne@pd.gov", "jane@pd.gov\nBcc: x@y.gov"}) {
            assertError("invalid_request", form(hint, null, DETAILS, null));
        }
    }

    @Test
    void aBindingMessageMustBeShortAndOneLine() {
        assertError("invalid_binding_message", form("jane@pd.gov", "x".repeat(65), DETAILS, null));
        assertError("invalid_binding_message", form("jane@pd.gov", "code\u0007", DETAILS, null));
        assertError("invalid_binding_message", form("jane@pd.gov", "a\u202Eb", DETAILS, null));
        assertEquals(Optional.of("x".repeat(64)), CibaRequests.parse(form("jane@pd.gov", "x".repeat(64), DETAILS, null)).bindingMessage());
    }

    @Test
    void authorizationDetailsMustBeOneLawEnforcementRequest() {
        for (String details : new String[] {null, "", "not json", "{}", "[]",
                "[{\"type\":\"payment\",\"purpose\":\"SUBPOENA\",\"case_reference\":\"C\"}]",
                "[{\"type\":\"law_enforcement_request\",\"purpose\":\"GOSSIP\",\"case_reference\":\"C\"}]",
                "[{\"type\":\"law_enforcement_request\",\"purpose\":\"SUBPOENA\"}]",
                "[{\"type\":\"law_enforcement_request\",\"purpose\":\"SUBPOENA\",\"case_reference\":\"C\\nD\"}]",
                "[{\"type\":\"law_enforcement_request\",\"purpose\":\"SUBPOENA\",\"case_reference\":\"C\",\"document_digest\":\"ab\"}]",
                DETAILS.replace("]", ",{\"type\":\"law_enforcement_request\"}]")}) {
            assertError("invalid_request", form("jane@pd.gov", null, details, null));
        }
    }

    @Test
    void requestedExpiryIsAPositiveNumberOfSecondsAndOnlyLoginHintIsSupported() {
        assertError("invalid_request", form("jane@pd.gov", null, DETAILS, "0"));
        assertError("invalid_request", form("jane@pd.gov", null, DETAILS, "soon"));
        assertError("invalid_request", new CibaRequests.Form("jane@pd.gov", "eyJ...", null, null, DETAILS, null));
        assertError("invalid_request", new CibaRequests.Form("jane@pd.gov", null, "eyJ...", null, DETAILS, null));
    }

    private static void assertError(String error, CibaRequests.Form form) {
        CibaError e = assertThrows(CibaError.class, () -> CibaRequests.parse(form));
        assertEquals(error, e.error());
        assertEquals(400, e.status());
        assertTrue(!e.description().isBlank());
    }
}
