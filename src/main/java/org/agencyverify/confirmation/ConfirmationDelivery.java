package org.agencyverify.confirmation;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.OutboxHandler;
import org.agencyverify.common.security.Actor;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.verification.VerificationDirectory;
import org.agencyverify.verification.VerificationSummary;

/**
 * Outbox handler: asks one contact, over its registered channel, to confirm one verification. A request
 * whose verification closed (or whose contact was removed) before it went out is dropped, not sent.
 */
@ApplicationScoped
public class ConfirmationDelivery implements OutboxHandler {

    public static final String KIND = "confirmation-request";

    private final Map<AgencyContact.Channel, ConfirmationChannel> channels = new EnumMap<>(AgencyContact.Channel.class);
    private final ConfirmationRequests requests;
    private final AuditLog audit;
    private final VerificationDirectory verifications;
    private final ContactDirectory contacts;

    ConfirmationDelivery(@All List<ConfirmationChannel> channels, ConfirmationRequests requests, AuditLog audit,
            VerificationDirectory verifications, ContactDirectory contacts) {
        channels.forEach(channel -> this.channels.put(channel.channel(), channel));
        this.requests = requests;
        this.audit = audit;
        this.verifications = verifications;
        this.contacts = contacts;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Result deliver(UUID confirmationId, int attempt) throws DeliveryFailed {
        Confirmation confirmation = Confirmation.findById(confirmationId);
        VerificationSummary verification = verifications.find(confirmation.verificationId).orElseThrow();
        ContactSummary contact = contacts.find(confirmation.contactId).orElseThrow();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (confirmation.status != Confirmation.Status.PENDING || !verification.waitingAt(now)) {
            return Result.OBSOLETE;
        }
        if (!contact.active()) {
            audit.record(Actor.SYSTEM, "confirmation.not-sent", "confirmation", confirmationId.toString(),
                    Map.of("verificationId", verification.id().toString(), "agencyId", verification.agencyId().toString(),
                            "contactId", contact.id().toString(),
                            "reason", "contact-" + contact.status().name().toLowerCase()));
            return Result.OBSOLETE;
        }
        ConfirmationChannel channel = channels.get(contact.channel());
        if (channel == null) {
            throw new DeliveryFailed("no channel for " + contact.channel());
        }
        channel.deliver(requests.of(confirmation, verification, contact));
        // After the send, and only if still unanswered: an agency system may answer before its 2xx reaches us.
        Confirmation.update("status = ?1, sentAt = ?2 where id = ?3 and status = ?4", Confirmation.Status.SENT, now,
                confirmationId, Confirmation.Status.PENDING);
        audit.record(Actor.SYSTEM, "confirmation.sent", "confirmation", confirmationId.toString(),
                Map.of("verificationId", verification.id().toString(), "agencyId", verification.agencyId().toString(),
                        "contactId", contact.id().toString(),
                        "channel", contact.channel().name(), "attempts", attempt));
        return Result.DELIVERED;
    }

    @Override
    public void failedForGood(UUID confirmationId, String reason) {
        Confirmation confirmation = Confirmation.findById(confirmationId);
        audit.record(Actor.SYSTEM, "confirmation.delivery-failed", "confirmation", confirmationId.toString(),
                Map.of("verificationId", confirmation.verificationId.toString(), "contactId", confirmation.contactId.toString(),
                        "reason", reason));
    }
}
