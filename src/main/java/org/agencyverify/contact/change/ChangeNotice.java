package org.agencyverify.contact.change;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agencyverify.common.text.OneLineText;
import org.agencyverify.contact.AgencyContact;

/**
 * What a notification says about a proposed change: enough for a contact to recognize a change
 * they did not expect (who, what, which channel, when), never a secret.
 */
record ChangeNotice(String notificationId, ContactChange change, AgencyContact subject, String agencyName) {

    static final String EVENT_TYPE = "contact.change.proposed";

    String subjectLine() {
        return "agency-verify: proposed change to the confirming contacts of " + OneLineText.neutralized(agencyName);
    }

    /** Names people typed are one line by the input rule; neutralized again so a stored value can never start a line. */
    String text() {
        return """
                A change to the contacts who confirm law-enforcement data requests for %s was proposed.

                  Change:       %s contact "%s" (%s, %s level)
                  Channel:      %s
                  Proposed by:  %s
                  Takes effect: %s (not before every current contact was notified)

                If you did not expect this change, tell the agency-verify operators before it takes effect:
                a stolen account may be trying to take over confirmations. Reference: %s
                """.formatted(OneLineText.neutralized(agencyName), change.action, OneLineText.neutralized(subject.name),
                OneLineText.neutralized(subject.role), subject.level, OneLineText.neutralized(channelSummary()),
                change.proposedBy, change.effectiveAt, change.id);
    }

    /** The Standard Webhooks payload: {@code type}, {@code timestamp}, {@code data}. */
    Map<String, Object> payload(Instant now) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("id", subject.id.toString());
        contact.put("name", subject.name);
        contact.put("role", subject.role);
        contact.put("level", subject.level.name());
        contact.put("channel", channelSummary());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("changeId", change.id.toString());
        data.put("agencyId", change.agencyId.toString());
        data.put("action", change.action.name());
        data.put("contact", contact);
        data.put("proposedBy", change.proposedBy);
        data.put("effectiveAt", change.effectiveAt.toString());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", EVENT_TYPE);
        payload.put("timestamp", now.toString());
        payload.put("data", data);
        return payload;
    }

    private String channelSummary() {
        return subject.channel == AgencyContact.Channel.EMAIL
                ? "email " + subject.email
                : "webhook to " + URI.create(subject.webhookUrl).getHost();
    }
}
