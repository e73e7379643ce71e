package org.agencyverify.audit.review;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Map;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;

/** Events through the real AuditLog, and the owner's way around the append-only trigger for tampering tests. */
@ApplicationScoped
public class AuditFixtures {

    static final String NO_UPDATE_OR_DELETE = "audit_event_no_update_or_delete";

    private final AuditLog auditLog;
    private final EntityManager entityManager;

    AuditFixtures(AuditLog auditLog, EntityManager entityManager) {
        this.auditLog = auditLog;
        this.entityManager = entityManager;
    }

    /** One event in a transaction of its own, linked into the chain like any feature's. */
    public AuditEvent record(String action, String subjectType, String subjectId, Map<String, ?> details) {
        return QuarkusTransaction.requiringNew().call(() ->
                auditLog.record(new Actor("test", "audit-fixtures"), action, subjectType, subjectId, details));
    }

    /** An append whose transaction rolls back; the event returned holds the number it was given. */
    public AuditEvent recordAndRollBack(String action, String subjectType, String subjectId) {
        AuditEvent[] recorded = new AuditEvent[1];
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                recorded[0] = auditLog.record(new Actor("test", "audit-fixtures"), action, subjectType, subjectId, Map.of());
                entityManager.flush();
                throw new IllegalStateException("roll back");
            });
        } catch (RuntimeException expected) {
            // the append is gone with its transaction
        }
        return recorded[0];
    }

    /** One statement in a transaction of its own. */
    public int execute(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(sql).executeUpdate());
    }

    /**
     * Runs one statement as the table owner with the append-only trigger off, in one transaction
     * that turns it back on before it commits: no other session ever sees the trigger disabled.
     */
    public int bypassingTrigger(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("ALTER TABLE audit_event DISABLE TRIGGER " + NO_UPDATE_OR_DELETE).executeUpdate();
            var statement = entityManager.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                statement.setParameter(i + 1, parameters[i]);
            }
            int rows = statement.executeUpdate();
            entityManager.createNativeQuery("ALTER TABLE audit_event ENABLE TRIGGER " + NO_UPDATE_OR_DELETE).executeUpdate();
            return rows;
        });
    }

    /** A native query's single value, in a transaction of its own. */
    public Object value(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getSingleResult();
        });
    }
}
