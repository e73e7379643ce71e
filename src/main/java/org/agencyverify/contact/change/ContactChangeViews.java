package org.agencyverify.contact.change;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.agencyverify.contact.ContactViews.ContactView;
import org.agencyverify.contact.ContactViews.RegisterContact;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the contact-change API. */
public final class ContactChangeViews {

    private ContactChangeViews() {}

    /** ADD with {@code contact}, or REMOVE with {@code contactId}. */
    @Schema(name = "ProposeContactChange")
    public record ProposeChange(
            @NotNull ContactChange.Action action,
            @Schema(description = "ADD: the contact to add") @Valid RegisterContact contact,
            @Schema(description = "REMOVE: the ACTIVE contact to remove") UUID contactId) {}

    @Schema(name = "ContactChange")
    public record ChangeView(UUID id, UUID agencyId, ContactChange.Action action, ContactChange.Status status,
            Instant effectiveAt, Instant appliedAt, ContactView contact, int notificationsPending, int notificationsTotal) {}

    /** The proposal, and for an ADD of a webhook contact without a key, its secret (only here). */
    @Schema(name = "ContactChangeProposed")
    public record Proposed(ChangeView change, String webhookSecret) {}

    @Schema(name = "ContactChangeList")
    public record ChangeList(List<ChangeView> items) {}
}
