package org.agencyverify.agency;

import java.util.UUID;

/**
 * An agency as other features see it: a copy of what they decide on, never the entity, so that only
 * this feature reads and changes agencies.
 */
public record AgencySummary(UUID id, String name, String country, String region, AgencyStatus status, String keycloakOrgId,
        int emergencyApprovers) {

    static AgencySummary of(Agency agency) {
        return new AgencySummary(agency.id, agency.name, agency.country, agency.region, agency.status, agency.keycloakOrgId,
                agency.emergencyApprovers);
    }
}
