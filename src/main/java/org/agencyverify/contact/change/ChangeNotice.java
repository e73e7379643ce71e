package org.agencyverify.contact.change;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agencyverify.common.text.OneLineText;

/**
 * What a notification says about a pending change: enough for a contact to recognize a change they
 * did not expect (who, what, which channel or identity provider, when), never a secret. Written when
 * it is sent, so a change a second operator approved meanwhile says so.
 */
record ChangeNotice(String notificationId, ContactChange change, ChangeSubject subject, String agencyName) {

    static final String EVENT_TYPE = "contact.change.proposed";

    String subjectLine() {
        String agency = OneLineText.neutralized(agencyName);
        return identityProvider()
                ? "agency-verify: proposed change to how the officers of " + agency + " sign in"
                : "agency-verify: proposed change to the confirming contacts of " + agency;
    }

    /** Names people typed are one line by the input rule; neutralized again so a stored value can never start a line. */
    String text() {
        String agency = OneLineText.neutralized(agencyName);
        String what = identityProvider()
                ? "the identity provider through which the officers of %s sign in".formatted(agency)
                : "the contacts who confirm law-enforcement data requests for %s".formatted(agency);
        String when = change.approvedBy == null
                ? change.effectiveAt + " (not before every current contact was notified)"
                : "at once: approved by a second operator (" + change.approvedBy + ") at " + change.approvedAt;
        return """
                A change to %s was proposed.

                  Change:       %s %s
                  %-13s %s
                  Proposed by:  %s
                  Takes effect: %s

                If you did not expect this change, tell the agency-verify operators %s:
                a stolen account may be trying to take over confirmations. Reference: %s
                """.formatted(what, change.action, OneLineText.neutralized(subject.summary()), subject.detailLabel() + ":",
                OneLineText.neutralized(subject.detail()),
                change.proposedBy, when, change.approvedBy == null ? "before it takes effect" : "at once", change.id);
    }

    /** The Standard Webhooks payload: {@code type}, {@code timestamp}, {@code data}. */
    Map<String, Object> payload(Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("changeId", change.id.toString());
        data.put("agencyId", change.agencyId.toString());
        data.put("action", change.action.name());
        data.put(subject.payloadKey(), subject.payload());
        data.put("proposedBy", change.proposedBy);
        data.put("effectiveAt", change.effectiveAt.toString());
        if (change.approvedBy != null) {
            data.put("approvedBy", change.approvedBy);
            data.put("approvedAt", change.approvedAt.toString());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", EVENT_TYPE);
        payload.put("timestamp", now.toString());
        payload.put("data", data);
        return payload;
    }

    private boolean identityProvider() {
        return change.idpAlias != null;
    }
}
