package org.agencyverify.officer;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An officer as the API shows it to the agency's admins and to operators. */
public record OfficerView(
        UUID id,
        UUID agencyId,
        String email,
        String name,
        String badgeNumber,
        OfficerStatus status,
        @Schema(description = "Why the officer was suspended or removed by a rule (e.g. credential-failures, compromise-report)")
        String statusReason,
        Instant activatedAt,
        Instant createdAt,
        Instant updatedAt) {

    static OfficerView of(Officer officer) {
        return new OfficerView(officer.id, officer.agencyId, officer.email, officer.name, officer.badgeNumber,
                officer.status, officer.statusReason, officer.activatedAt, officer.createdAt, officer.updatedAt);
    }
}
