package org.agencyverify.officer;

import java.time.Instant;
import java.util.UUID;

/** An officer as the API shows it to the agency's admins and to operators. */
public record OfficerView(
        UUID id,
        UUID agencyId,
        String email,
        String name,
        String badgeNumber,
        OfficerStatus status,
        Instant activatedAt,
        Instant createdAt,
        Instant updatedAt) {

    static OfficerView of(Officer officer) {
        return new OfficerView(officer.id, officer.agencyId, officer.email, officer.name, officer.badgeNumber,
                officer.status, officer.activatedAt, officer.createdAt, officer.updatedAt);
    }
}
