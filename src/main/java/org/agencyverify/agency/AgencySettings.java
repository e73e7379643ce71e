package org.agencyverify.agency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Caller;

/** Settings an operator records for an agency (apart from its lifecycle), each change audited. */
@ApplicationScoped
public class AgencySettings {

    private final AuditLog audit;

    AgencySettings(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * Sets how many supervisors approve an emergency request (1 or 2, validated by the caller).
     * Setting the value it already has changes nothing and writes no audit event.
     */
    @Transactional
    public Optional<AgencyView> setEmergencyApprovers(Caller caller, UUID id, int approvers) {
        return Agency.<Agency>findByIdOptional(id).map(agency -> {
            if (agency.emergencyApprovers != approvers) {
                Map<String, Object> before = AgencyService.snapshot(agency);
                agency.emergencyApprovers = approvers;
                agency.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                audit.record(caller.actor(), "agency.emergency-approvers-set", "agency", id.toString(),
                        Map.of("before", before, "after", AgencyService.snapshot(agency)));
            }
            return AgencyView.of(agency);
        });
    }
}
