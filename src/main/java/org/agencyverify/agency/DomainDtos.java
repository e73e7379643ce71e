package org.agencyverify.agency;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** What the domain endpoints take and answer. */
public final class DomainDtos {

    private DomainDtos() {}

    /** A domain the agency claims, e.g. {@code police.example.gov}. */
    public record AddDomain(@NotBlank @Size(max = 254) String domain) {}

    /** The TXT record the agency must publish to prove the domain. */
    public record Challenge(String recordName, String recordType, String recordValue, Instant expiresAt) {}

    /** A claimed domain, its challenge while unproved, and its proof state. */
    public record DomainView(UUID id, UUID agencyId, String domain, Challenge challenge, Instant provedAt,
            Instant lastCheckedAt, Instant proofLostAt, boolean proved) {

        static DomainView of(AgencyDomain row) {
            Challenge challenge = row.challengeToken == null ? null
                    : new Challenge(DnsChallenge.recordName(row.domain), "TXT", row.challengeToken, row.challengeExpiresAt);
            return new DomainView(row.id, row.agencyId, row.domain, challenge, row.provedAt, row.lastCheckedAt,
                    row.proofLostAt, row.isProved());
        }
    }
}
