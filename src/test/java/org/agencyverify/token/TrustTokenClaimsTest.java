package org.agencyverify.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;
import org.junit.jupiter.api.Test;

/** What a trust token says, without a server. */
class TrustTokenClaimsTest {

    private static TrustTokenClaims.Facts facts(Purpose purpose, String jkt, List<String> amr) {
        return new TrustTokenClaims.Facts("https://verify.example", UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID().toString(),
                "j.doe@pd.example.gov", "https://portal.example", "portal-client", UUID.randomUUID(), "Example PD", "US", null,
                "pd.example.gov", null, amr, purpose, "CASE-1", null, jkt, Instant.parse("2026-12-01T12:00:00Z"),
                Duration.ofMinutes(30), 4711, "https://verify.example/v1/status-lists/1");
    }

    @Test
    void emergenciesGetTheirOwnShortLifetime() {
        assertEquals(Duration.ofMinutes(5), TrustTokenClaims.lifetime(Purpose.EMERGENCY, Duration.ofMinutes(30), Duration.ofMinutes(5)));
        assertEquals(Duration.ofMinutes(30), TrustTokenClaims.lifetime(Purpose.SUBPOENA, Duration.ofMinutes(30), Duration.ofMinutes(5)));
    }

    @Test
    void noLifetimeOverAnHourOrOfNothing() {
        assertThrows(IllegalStateException.class,
                () -> TrustTokenClaims.lifetime(Purpose.SUBPOENA, Duration.ofMinutes(61), Duration.ofMinutes(5)));
        assertThrows(IllegalStateException.class,
                () -> TrustTokenClaims.lifetime(Purpose.EMERGENCY, Duration.ofMinutes(30), Duration.ZERO));
        assertEquals(Duration.ofHours(1), TrustTokenClaims.lifetime(Purpose.COURT_ORDER, Duration.ofHours(1), Duration.ofMinutes(5)));
    }

    @Test
    void claimsCarryTheConfirmationTheTimesAndTheRequest() {
        Map<String, Object> claims = TrustTokenClaims.claims(facts(Purpose.COURT_ORDER, null, List.of("pwd", "otp")));
        assertEquals(List.of("pwd", "otp", "oob"), claims.get("amr"));
        assertEquals(claims.get("iat"), claims.get("nbf"));
        assertEquals((Long) claims.get("iat") + 1800, claims.get("exp"));
        assertFalse(claims.containsKey("cnf"));
        assertFalse(claims.containsKey("acr"), "no acr is claimed when none was proved");
        Map<?, ?> details = (Map<?, ?>) ((List<?>) claims.get("authorization_details")).get(0);
        assertEquals("COURT_ORDER", details.get("purpose"));
        assertFalse(details.containsKey("document_digest"));
        assertFalse(((Map<?, ?>) ((Map<?, ?>) claims.get("agency")).get("jurisdiction")).containsKey("region"));
        assertEquals(Map.of("status_list", Map.of("idx", 4711, "uri", "https://verify.example/v1/status-lists/1")), claims.get("status"),
                "draft-ietf-oauth-status-list: the token's entry in the list");
    }

    @Test
    void aDpopKeyBindsTheTokenAndIntrospectionReportsIt() {
        Map<String, Object> claims = TrustTokenClaims.claims(facts(Purpose.SUBPOENA, "thumbprint", List.of("oob")));
        assertEquals(Map.of("jkt", "thumbprint"), claims.get("cnf"));
        assertEquals(List.of("oob"), claims.get("amr"), "the confirmation is named once");
        Map<String, Object> answer = TrustTokenClaims.introspection(claims, "portal-client");
        assertEquals(Map.of("jkt", "thumbprint"), answer.get("cnf"));
        assertEquals("portal-client", answer.get("client_id"));
        assertEquals(TrustTokenClaims.TYPE, answer.get("token_type"));
        assertTrue(answer.keySet().containsAll(List.of("iss", "sub", "aud", "iat", "nbf", "exp", "jti")));
        assertFalse(answer.containsKey("active"), "active is decided at each request");
    }
}
