package org.agencyverify.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.agencyverify.common.crypto.SecretsResealed;
import org.agencyverify.common.security.Actor;

/** Records a reseal under a new key-encryption key: counts per kind, never a value. */
@ApplicationScoped
class ResealAudit {

    private final AuditLog audit;

    ResealAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(@Observes SecretsResealed event) {
        audit.record(Actor.SYSTEM, "secrets.resealed", "stored_secrets", "key-encryption-key", event.counts());
    }
}
