package org.agencyverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The migration's promise, checked on the real PostgreSQL: the audit trail cannot be rewritten. */
@QuarkusTest
class AuditEventTableTest {

    @Inject
    AgroalDataSource dataSource;

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
                assertEquals("test-actor", row.getString(1));
            }
        }
    }

    private long append(String subject) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO audit_event (occurred_at, actor, action, subject_type, subject_id, details, previous_hash, hash)
                        VALUES (now(), 'test-actor', 'test.append', 'test', ?, '{}'::jsonb, ?, ?) RETURNING sequence""")) {
            insert.setString(1, subject);
            insert.setString(2, "0".repeat(64));
            insert.setString(3, UUID.randomUUID().toString().replace("-", "") + "0".repeat(32));
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute(sql);
        }
    }
}
