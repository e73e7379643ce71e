package org.agencyverify.verification;

import java.time.Instant;
import java.util.UUID;
import org.agencyverify.common.purpose.Purpose;

/**
 * A request that arrived by email (a CIBA verification) was denied (fired by {@link VerificationLifecycle}
 * in the denying transaction): someone may be sending requests in the name of {@code sender}, so the
 * confirmation feature, which comes after this one, records it and tells the agency's contacts who is
 * impersonated where. {@code sender} is the address as the portal named it (lower-cased); {@code
 * caseReference} is the portal's text and {@code documentDigest} (SHA-256, hex) may be null.
 */
public record EmailedRequestDenied(UUID verificationId, UUID agencyId, String sender, UUID portalId, Purpose purpose,
        String caseReference, String documentDigest, Instant at) {}
