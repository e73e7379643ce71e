package org.agencyverify.contact;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.agencyverify.common.text.OneLine;

/** Request and response bodies of the contact API. */
public final class ContactViews {

    private ContactViews() {}

    /** How the contact is reached: a signed webhook to the agency's system, or email plus sign-in. */
    @Schema(name = "ContactChannelInput")
    public record ChannelInput(
            @NotNull AgencyContact.Channel type,
            @Schema(description = "WEBHOOK: the agency system's https endpoint") @OneLine @Size(max = 2048) String url,
            @Schema(description = "WEBHOOK, optional: the agency's Ed25519 public key for its signed answers, "
                    + "standard base64 of the raw 32-byte key (44 characters). Without it an HMAC secret is generated and shown once.")
            @Size(max = 100) String publicKey,
            @Schema(description = "EMAIL: where notifications go; also the contact's sign-in name") @Size(max = 320) String email) {}

    /** Registers a contact (operator) or proposes one (agency admin). */
    @Schema(name = "RegisterContact")
    public record RegisterContact(
            @NotBlank @OneLine @Size(max = 200) String name,
            @Schema(description = "What the person is, e.g. records custodian") @NotBlank @OneLine @Size(max = 100) String role,
            @NotNull AgencyContact.Level level,
            @NotNull @Valid ChannelInput channel) {}

    /** A contact as operators and its agency's admins see it: never a secret. */
    @Schema(name = "Contact")
    public record ContactView(UUID id, UUID agencyId, String name, String role, AgencyContact.Level level,
            AgencyContact.Channel channel, String url, AgencyContact.SignatureScheme signatureScheme, String publicKey,
            String email, AgencyContact.Status status, Instant effectiveAt, Instant createdAt, Instant updatedAt) {

        public static ContactView of(AgencyContact c) {
            return new ContactView(c.id, c.agencyId, c.name, c.role, c.level, c.channel, c.webhookUrl, c.signatureScheme,
                    c.agencyPublicKey, c.email, c.status, c.effectiveAt, c.createdAt, c.updatedAt);
        }
    }

    @Schema(name = "ContactList")
    public record ContactList(List<ContactView> items) {}
}
