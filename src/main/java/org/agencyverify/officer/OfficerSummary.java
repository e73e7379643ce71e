package org.agencyverify.officer;

import java.util.UUID;

/**
 * An officer as other features see it: a copy of what they decide on, never the entity, so that only
 * this feature reads and changes officers.
 */
public record OfficerSummary(UUID id, UUID agencyId, String email, String name, String keycloakUserId, OfficerStatus status) {

    static OfficerSummary of(Officer officer) {
        return new OfficerSummary(officer.id, officer.agencyId, officer.email, officer.name, officer.keycloakUserId,
                officer.status);
    }

    public boolean active() {
        return status == OfficerStatus.ACTIVE;
    }
}
