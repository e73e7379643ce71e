package org.agencyverify.confirmation.email;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.agencyverify.common.text.OneLineText;
import org.agencyverify.confirmation.ConfirmationRequest;

/**
 * What the approval page shows the contact about the request they are asked to confirm; for an emailed
 * request, the question about its sender and what the agency's records say of the address.
 */
public record ApprovalView(
        UUID confirmationId,
        String contactName,
        String agencyName,
        String officerName,
        String officerEmail,
        String portalName,
        String portalAudience,
        String purpose,
        String caseReference,
        String documentDigest,
        String bindingCode,
        String bindingMessage,
        Instant expiresAt,
        boolean open,
        String senderQuestion,
        String senderStanding) {

    private static final DateTimeFormatter DEADLINE =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Qute escapes every value for HTML; neutralizing keeps a stored value from before the one-line rule from reordering the page. */
    static ApprovalView of(ConfirmationRequest r, boolean open) {
        return new ApprovalView(r.confirmationId(), text(r.contact().name()), text(r.agencyName()), text(r.officerName()),
                text(r.officerEmail()), text(r.portalName()), text(r.portalAudience()), r.purpose().name(), text(r.caseReference()),
                r.documentDigest(), r.bindingCode(), text(r.bindingMessage()), r.expiresAt(), open,
                r.senderConfirmation() ? ConfirmationRequest.Sender.QUESTION : null,
                r.senderConfirmation() ? r.sender().standing().text() : null);
    }

    private static String text(String value) {
        return OneLineText.neutralized(value);
    }

    /** The deadline as people read it; UTC, because contacts and officers may be in different zones. */
    public String deadline() {
        return formatDeadline(expiresAt);
    }

    static String formatDeadline(Instant instant) {
        return DEADLINE.format(instant);
    }
}
