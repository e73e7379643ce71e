package org.agencyverify.confirmation;

import java.time.Instant;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.contact.ContactSummary;

/**
 * Everything a contact needs to decide on one request: who asks, which portal, what for, the short
 * code the requester also sees, and how to answer. {@code secret} is the webhook channel's one-time
 * secret; channels that answer by sign-in must not send it.
 */
public record ConfirmationRequest(UUID confirmationId, UUID verificationId, ContactSummary contact, UUID agencyId,
        String agencyName, UUID officerId, String officerName, String officerEmail, String portalName, String portalAudience,
        Purpose purpose, String caseReference, String documentDigest, String bindingCode, String bindingMessage,
        Instant expiresAt, String respondTo, String secret) {

    @Override
    public String toString() {
        // Never print the secret (records print every field by default).
        return "ConfirmationRequest[" + confirmationId + "]";
    }
}
