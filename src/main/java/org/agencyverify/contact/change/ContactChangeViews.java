package org.agencyverify.contact.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactViews.ContactView;
import org.agencyverify.contact.ContactViews.RegisterContact;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the pending-change API. */
public final class ContactChangeViews {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContactChangeViews() {}

    /** ADD with {@code contact}, or REMOVE with {@code contactId}. */
    @Schema(name = "ProposeContactChange")
    public record ProposeChange(
            @NotNull ContactChange.Action action,
            @Schema(description = "ADD: the contact to add") @Valid RegisterContact contact,
            @Schema(description = "REMOVE: the ACTIVE contact to remove") UUID contactId) {}

    @Schema(name = "ContactChange", description = "A pending change to an agency's contacts or identity providers")
    public record ChangeView(UUID id, UUID agencyId, ContactChange.Action action, ContactChange.Status status,
            @Schema(description = "When it applies by itself: after the cool-down, once every notification was delivered")
            Instant effectiveAt,
            Instant appliedAt,
            @Schema(description = "ADD, REMOVE: the contact") ContactView contact,
            @Schema(description = "LINK_IDENTITY_PROVIDER, UNLINK_IDENTITY_PROVIDER: the identity provider's settings (never its secret)")
            Map<String, Object> identityProvider,
            @Schema(description = "Who proposed it, as the audit log names them (operator:<id>, agency-admin:<id>)") String proposedBy,
            @Schema(description = "The second operator whose approval applied it at once, if any") String approvedBy,
            Instant approvedAt, int notificationsPending, int notificationsTotal) {

        static ChangeView of(ContactChange change) {
            List<ContactNotification> notifications = ContactNotification.list("changeId", change.id);
            int pending = (int) notifications.stream().filter(n -> n.status != ContactNotification.Status.DELIVERED).count();
            ContactView contact = change.contactId == null ? null : ContactView.of(AgencyContact.findById(change.contactId));
            return new ChangeView(change.id, change.agencyId, change.action, change.status, change.effectiveAt, change.appliedAt,
                    contact, payload(change), change.proposedBy, change.approvedBy, change.approvedAt, pending, notifications.size());
        }

        private static Map<String, Object> payload(ContactChange change) {
            if (change.payload == null) {
                return null;
            }
            try {
                return JSON.readValue(change.payload, new TypeReference<Map<String, Object>>() {});
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored change payload is not JSON: " + change.id, e);
            }
        }
    }

    /** The change, and for an ADD of a webhook contact without a key, its secret (only here). */
    @Schema(name = "ContactChangeProposed")
    public record Proposed(ChangeView change, String webhookSecret) {}

    @Schema(name = "ContactChangeList")
    public record ChangeList(List<ChangeView> items) {}
}
