package org.agencyverify.contact;

import java.util.UUID;

/**
 * A contact as other features see it: a copy of what they decide on, never the entity, so that only
 * this feature reads and changes contacts. The webhook credential is carried as it is stored (the HMAC
 * secret sealed) for {@link ContactWebhooks} to sign and check with; only that class opens it, and
 * {@link #toString} prints none of it.
 */
public record ContactSummary(UUID id, UUID agencyId, String name, AgencyContact.Level level, AgencyContact.Channel channel,
        AgencyContact.Status status, String email, String keycloakUserId, String webhookUrl,
        AgencyContact.SignatureScheme signatureScheme, String agencyPublicKey, String sealedHmacSecret) {

    static ContactSummary of(AgencyContact contact) {
        return new ContactSummary(contact.id, contact.agencyId, contact.name, contact.level, contact.channel, contact.status,
                contact.email, contact.keycloakUserId, contact.webhookUrl, contact.signatureScheme, contact.agencyPublicKey,
                contact.hmacSecretEncrypted);
    }

    public boolean active() {
        return status == AgencyContact.Status.ACTIVE;
    }

    @Override
    public String toString() {
        // Records print every field by default: keep the credential and the mailbox out of logs.
        return "ContactSummary[" + id + ", " + channel + ", " + status + "]";
    }
}
