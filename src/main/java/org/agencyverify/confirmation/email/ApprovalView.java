package org.agencyverify.confirmation.email;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.agencyverify.confirmation.ConfirmationRequest;

/** What the approval page shows the contact about the request they are asked to confirm. */
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
        boolean open) {

    private static final DateTimeFormatter DEADLINE =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static ApprovalView of(ConfirmationRequest r, boolean open) {
        return new ApprovalView(r.confirmationId(), r.contact().name, r.agencyName(), r.officerName(), r.officerEmail(),
                r.portalName(), r.portalAudience(), r.purpose().name(), r.caseReference(), r.documentDigest(), r.bindingCode(),
                r.bindingMessage(), r.expiresAt(), open);
    }

    /** The deadline as people read it; UTC, because contacts and officers may be in different zones. */
    public String deadline() {
        return formatDeadline(expiresAt);
    }

    static String formatDeadline(Instant instant) {
        return DEADLINE.format(instant);
    }
}
