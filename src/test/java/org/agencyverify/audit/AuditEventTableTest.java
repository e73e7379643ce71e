package org.agencyverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.security.Actor;
import org.junit.jupiter.api.Test;

/** The migration's promise, checked on the real PostgreSQL: the audit trail cannot be rewritten. */
@QuarkusTest
class AuditEventTableTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditLog auditLog;

    @Test
    void eventsCanBeAppendedButNeverChangedOrDeleted() throws SQLException {
        String subject = "test-" + UUID.randomUUID();
        long sequence = append(subject);

        SQLException update = assertThrows(SQLException.class,
                () -> execute("UPDATE audit_event SET actor = 'forger' WHERE sequence = " + sequence));
        assertTrue(update.getMessage().contains("append-only"), update.getMessage());
        SQLException delete = assertThrows(SQLException.class,
                () -> execute("DELETE FROM audit_event WHERE sequence = " + sequence));
        assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
        assertThrows(SQLException.class, () -> execute("TRUNCATE audit_event"));

        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT actor FROM audit_event WHERE sequence = ?")) {
            query.setLong(1, sequence);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertEquals("test:actor", row.getString(1));
            }
        }
    }

    /** Through the service, so the event links into the chain that other tests verify. */
    private long append(String subject) {
        return QuarkusTransaction.requiringNew().call(() ->
                auditLog.record(new Actor("test", "actor"), "test.append", "test", subject, Map.of()).sequence);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute(sql);
        }
    }
}
