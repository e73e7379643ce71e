package org.agencyverify.risk;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What risk reads of an officer's verifications and tokens, in its own terms: counts and ids. Risk comes
 * before the features that keep them, so it declares the reads and verification answers them. Every
 * read runs in the caller's transaction.
 */
public interface OfficerHistory {

    /** How the officer's verifications ended, for the reputation portals may read. */
    record Outcomes(long approved, long denied, long expired, long rejected, long refusedByPortals) {}

    /** Verifications the officer started after {@code since}, leaving out those refused at once (REJECTED). */
    long startedSince(UUID officerId, Instant since);

    /** The portals of the officer's EMERGENCY verifications started after {@code since}, leaving out REJECTED ones. */
    List<UUID> emergencyPortalsSince(UUID officerId, Instant since);

    /** Verifications of the officer that the agency's contacts approved (whether or not the token was collected). */
    long approved(UUID officerId);

    /** Of the approved ones, those started from {@code network}. */
    long approvedFrom(UUID officerId, String network);

    /** The verifications a portal reported, after {@code since}, that it refused although it had a token for them. */
    List<UUID> refusedByPortalsSince(UUID officerId, Instant since);

    /** Whether a trust token for the officer was ever issued to the portal. */
    boolean tokenIssued(UUID officerId, UUID portalId);

    Outcomes outcomes(UUID officerId);

    /** When the officer's first verification was started; empty when there is none. */
    Optional<Instant> firstStarted(UUID officerId);
}
