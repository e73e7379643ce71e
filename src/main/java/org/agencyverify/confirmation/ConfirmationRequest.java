package org.agencyverify.confirmation;

import java.time.Instant;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.contact.ContactSummary;

/**
 * Everything a contact needs to decide on one request: who asks, which portal, what for, the short
 * code the requester also sees, and how to answer. {@code secret} is the webhook channel's one-time
 * secret; channels that answer by sign-in must not send it. {@code sender} is set for a request that
 * arrived by email (CIBA): nobody authenticated its sender, so the contact is asked {@link Sender#QUESTION};
 * the officer fields then name the enrolled officer with that address, if any ({@code officerEmail} is the sender's).
 */
public record ConfirmationRequest(UUID confirmationId, UUID verificationId, ContactSummary contact, UUID agencyId,
        String agencyName, UUID officerId, String officerName, String officerEmail, String portalName, String portalAudience,
        Purpose purpose, String caseReference, String documentDigest, String bindingCode, String bindingMessage,
        Instant expiresAt, String respondTo, String secret, Sender sender) {

    /** The claimed sender of an emailed request and what the agency's own records say of the address. */
    public record Sender(String email, Standing standing) {
        public static final String QUESTION = "Is this person yours, and did they send this request?";

        public enum Standing {
            NOT_ENROLLED, ENROLLED_OFFICER, ENROLLED_OFFICER_NOT_ACTIVE, ENROLLED_OFFICER_CONFIRMED;

            /** For people: what the contact reads next to the address. */
            public String text() {
                return switch (this) {
                    case NOT_ENROLLED -> "not an officer your agency enrolled";
                    case ENROLLED_OFFICER -> "an officer your agency enrolled";
                    case ENROLLED_OFFICER_NOT_ACTIVE -> "an officer your agency enrolled, who is no longer active";
                    case ENROLLED_OFFICER_CONFIRMED ->
                            "an officer your agency enrolled, who signed in and said they sent it";
                };
            }
        }
    }

    /** Whether this asks about an emailed request's sender rather than an authenticated officer's request. */
    public boolean senderConfirmation() {
        return sender != null;
    }

    @Override
    public String toString() {
        // Never print the secret (records print every field by default).
        return "ConfirmationRequest[" + confirmationId + "]";
    }
}
