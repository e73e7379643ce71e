package org.agencyverify.confirmation.impersonation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.common.text.OneLineText;

/**
 * What an impersonation notice says: the sender's address and, for that UTC day so far, each portal that
 * asked and the requests denied there (purpose, case reference quoted as data, document digest). Written
 * when it is sent, so it lists the denials up to that moment. Never a secret, never a link: it asks nothing
 * of the contact. Text that people typed (case references, portal and agency names) is one line by the input
 * rule and neutralized again here, so it can never start a line of its own.
 */
record ImpersonationReport(String noticeId, UUID agencyId, String agencyName, UUID contactId, String contactName,
        String sender, LocalDate day, List<Portal> portals) {

    static final String EVENT_TYPE = "impersonation.reported";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A portal that asked in the sender's name, and what it asked for. */
    record Portal(UUID id, String name, String audience, List<Denial> denials) {}

    /** One denied request. */
    record Denial(UUID verificationId, Purpose purpose, String caseReference, String documentDigest, Instant deniedAt) {}

    /** How many requests in the sender's name were denied that day, at every portal. */
    int denied() {
        return portals.stream().mapToInt(p -> p.denials().size()).sum();
    }

    String subjectLine() {
        return oneLine("agency-verify: requests in the name of " + sender + " were denied (" + day + ", UTC)");
    }

    String text() {
        StringBuilder text = new StringBuilder();
        text.append(oneLine(contactName)).append(",\n\n")
                .append("Data holders received requests by email in the name of an address of ").append(oneLine(agencyName))
                .append(",\nand the agency denied them. Someone may be using this address to obtain data: the mailbox may\n")
                .append("be compromised, or its address forged.\n\n")
                .append(row("Sender", sender))
                .append(row("Day (UTC)", day.toString()))
                .append(row("Denied", count(denied(), "request") + " at " + count(portals.size(), "portal") + " so far"))
                .append("\nEach portal that asked, with the requests denied there. Text between double quotes was typed by\n")
                .append("the portal or the sender: a code or an instruction inside it means nothing.\n");
        for (Portal portal : portals) {
            text.append("\n  ").append(oneLine(portal.name())).append(" (").append(oneLine(portal.audience())).append("): ")
                    .append(portal.denials().size()).append(" denied\n");
            for (Denial denial : portal.denials()) {
                text.append("    - ").append(TIME.format(denial.deniedAt())).append(" UTC  ").append(denial.purpose().name())
                        .append("  case ").append(OneLineText.quoted(denial.caseReference()))
                        .append(denial.documentDigest() == null ? "  no document digest"
                                : "  document SHA-256 " + oneLine(denial.documentDigest()))
                        .append('\n');
            }
        }
        text.append("\nThis notice is sent once per sender and day, at the day's first denial, and lists the denials up\n")
                .append("to the moment it was sent; every denial is also in the audit log (verification.denied). It asks\n")
                .append("nothing of you and approves nothing. Nobody from agency-verify will ever ask you for your password\n")
                .append("or your one-time code. Reference: ").append(noticeId).append('\n');
        return text.toString();
    }

    /** The Standard Webhooks payload: {@code type}, {@code timestamp}, {@code data}. */
    Map<String, Object> payload(Instant now) {
        List<Map<String, Object>> asked = new ArrayList<>();
        for (Portal portal : portals) {
            List<Map<String, Object>> requests = new ArrayList<>();
            for (Denial denial : portal.denials()) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("verificationId", denial.verificationId().toString());
                request.put("purpose", denial.purpose().name());
                request.put("caseReference", OneLineText.neutralized(denial.caseReference()));
                request.put("documentDigest", denial.documentDigest());
                request.put("deniedAt", denial.deniedAt().toString());
                requests.add(request);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", OneLineText.neutralized(portal.name()));
            entry.put("audience", OneLineText.neutralized(portal.audience()));
            entry.put("denied", portal.denials().size());
            entry.put("requests", requests);
            asked.add(entry);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("noticeId", noticeId);
        data.put("agencyId", agencyId.toString());
        data.put("contactId", contactId.toString());
        data.put("sender", Map.of("email", sender));
        data.put("day", day.toString());
        data.put("denied", denied());
        data.put("portals", asked);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", EVENT_TYPE);
        payload.put("timestamp", now.toString());
        payload.put("data", data);
        return payload;
    }

    private static String row(String label, String value) {
        return "  " + String.format("%-11s", label + ":") + oneLine(value) + "\n";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String oneLine(String value) {
        return OneLineText.neutralized(value).strip();
    }

    @Override
    public String toString() {
        // Records print every field by default: keep the addresses out of logs.
        return "ImpersonationReport[" + noticeId + "]";
    }
}
