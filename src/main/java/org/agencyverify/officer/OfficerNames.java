package org.agencyverify.officer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;

/** An officer's name, changed by the agency's directory (SCIM): here and in Keycloak, audited. */
@ApplicationScoped
public class OfficerNames {

    private final OfficerKeycloak keycloak;
    private final AuditLog audit;

    OfficerNames(OfficerKeycloak keycloak, AuditLog audit) {
        this.keycloak = keycloak;
        this.audit = audit;
    }

    /** Renames the officer (here and in Keycloak, undone on rollback), audited; empty for another agency's officer. */
    @Transactional
    public Optional<OfficerView> renameProvisioned(Actor actor, UUID agencyId, UUID officerId, String name) {
        return Officer.<Officer>findByIdOptional(officerId).filter(o -> o.agencyId.equals(agencyId)).map(officer -> {
            String trimmed = name.trim();
            if (!trimmed.equals(officer.name)) {
                Map<String, Object> before = OfficerAudit.snapshot(officer);
                keycloak.rename(officer.keycloakUserId, trimmed, officer.name);
                officer.name = trimmed;
                officer.updatedAt = Instant.now();
                Officer.flush();
                audit.record(actor, "officer.renamed", "officer", officer.id.toString(),
                        Map.of("before", before, "after", OfficerAudit.snapshot(officer)));
            }
            return OfficerView.of(officer);
        });
    }
}
