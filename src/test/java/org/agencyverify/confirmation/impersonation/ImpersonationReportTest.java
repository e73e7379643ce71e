package org.agencyverify.confirmation.impersonation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;
import org.junit.jupiter.api.Test;

/** What a notice says, in plain Java: every value on its own line, stored text neutralized, no secret. */
class ImpersonationReportTest {

    private static final String DIGEST = "9f2c".repeat(16);

    private static ImpersonationReport report(String caseReference, String portalName) {
        Instant at = Instant.parse("2026-12-07T14:02:11Z");
        return new ImpersonationReport("imp_" + UUID.randomUUID(), UUID.randomUUID(), "Springfield Police Department",
                UUID.randomUUID(), "Dana Records", "sgt.miller@springfield-pd.test", LocalDate.parse("2026-12-07"), List.of(
                        new ImpersonationReport.Portal(UUID.randomUUID(), portalName, "https://exchange.example.com", List.of(
                                new ImpersonationReport.Denial(UUID.randomUUID(), Purpose.SUBPOENA, caseReference, DIGEST, at),
                                new ImpersonationReport.Denial(UUID.randomUUID(), Purpose.EMERGENCY, "2026-CR-7", null,
                                        at.plusSeconds(60)))),
                        new ImpersonationReport.Portal(UUID.randomUUID(), "Example Bank", "https://bank.example.com", List.of(
                                new ImpersonationReport.Denial(UUID.randomUUID(), Purpose.PRESERVATION, "P-1", null,
                                        at.plusSeconds(120))))));
    }

    @Test
    void listsEachPortalWithItsDenialsOneValuePerLine() {
        ImpersonationReport report = report("2026-CR-2291", "Example Exchange");
        String text = report.text();
        assertEquals(3, report.denied());
        assertEquals("agency-verify: requests in the name of sgt.miller@springfield-pd.test were denied (2026-12-07, UTC)",
                report.subjectLine());
        assertTrue(text.contains("  Sender:    sgt.miller@springfield-pd.test\n"), text);
        assertTrue(text.contains("  Day (UTC): 2026-12-07\n"), text);
        assertTrue(text.contains("  Denied:    3 requests at 2 portals so far\n"), text);
        assertTrue(text.contains("\n  Example Exchange (https://exchange.example.com): 2 denied\n"
                + "    - 14:02:11 UTC  SUBPOENA  case \"2026-CR-2291\"  document SHA-256 " + DIGEST + "\n"
                + "    - 14:03:11 UTC  EMERGENCY  case \"2026-CR-7\"  no document digest\n"), text);
        assertTrue(text.contains("\n  Example Bank (https://bank.example.com): 1 denied\n"
                + "    - 14:04:11 UTC  PRESERVATION  case \"P-1\"  no document digest\n"), text);
        assertTrue(text.endsWith("Reference: " + report.noticeId() + "\n"), text);
    }

    @Test
    void storedTextThatPredatesTheInputRuleCannotStartALine() {
        String text = report("A\"\n  Sender:    boss@evil.example\u202E", "Portal\r\n  Denied: 0").text();
        assertFalse(text.contains("\n  Sender:    boss@evil.example"), text);
        assertFalse(text.contains("\n  Denied: 0"), text);
        assertTrue(text.contains("case \"A\\\"\uFFFD  Sender:    boss@evil.example\uFFFD\""), text);
        assertEquals(text.lines().filter(l -> l.startsWith("  Sender:")).count(), 1);
    }

    @Test
    void thePayloadNamesTheSenderEachPortalAndEachRequestAndNoSecret() {
        ImpersonationReport report = report("2026-CR-2291", "Example Exchange");
        Map<String, Object> payload = report.payload(Instant.parse("2026-12-07T15:00:00Z"));
        assertEquals("impersonation.reported", payload.get("type"));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) payload.get("data");
        assertEquals(Map.of("email", "sgt.miller@springfield-pd.test"), data.get("sender"));
        assertEquals("2026-12-07", data.get("day"));
        assertEquals(3, data.get("denied"));
        assertEquals(2, ((List<?>) data.get("portals")).size());
        assertFalse(payload.toString().contains("secret"), payload.toString());
    }
}
