package org.agencyverify.common.error;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

class CausesTest {

    /**
     * Seen in ChaosIT: PostgreSQL stopped while a poll's transaction committed. Narayana reports a
     * RollbackException (wrapped by ArC) whose only trace of the lost connection is a suppressed XAException;
     * it was answered 500 "Unhandled error" instead of 503.
     */
    @Test
    void aConnectionLostAtCommitIsAnUnavailableDatabase() {
        XAException xa = new XAException("Error trying to transactionCommit local transaction: An I/O error occurred");
        xa.initCause(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertTrue(Causes.isUnavailableDependency(new RuntimeException("Error invoking subclass method", rollback)));
    }

    /**
     * Seen in ChaosIT: PostgreSQL restarting after an immediate stop refuses new connections while it
     * recovers ("the database system is not yet accepting connections", SQL state 57P03). Hibernate calls
     * that a GenericJDBCException, not a connection failure; it was answered 500 instead of 503.
     */
    @Test
    void aDatabaseStartingOrShuttingDownIsAnUnavailableDatabase() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "53300"}) {
            SQLException refused = new SQLException("FATAL: the database system is not yet accepting connections", state);
            assertTrue(Causes.isUnavailableDependency(
                    new GenericJDBCException("Unable to acquire JDBC Connection", refused)), state);
        }
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(new SQLException("duplicate key value violates unique constraint", "23505"));
        assertFalse(Causes.isUnavailableDependency(new RuntimeException(rollback)));
        assertFalse(Causes.isUnavailableDependency(new IllegalStateException("bug")));
    }

    @Test
    void aUniqueIndexRefusingARowIsAConcurrentDuplicateWhereverItIsCarried() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        RollbackException atCommit = new RollbackException("ARJUNA016053: Could not commit transaction.");
        atCommit.addSuppressed(duplicate);
        assertTrue(Causes.isUniqueViolation(new RuntimeException(atCommit)));
        assertTrue(Causes.isUniqueViolation(new IllegalStateException("flush", duplicate)));
        assertFalse(Causes.isUniqueViolation(new IllegalStateException("bug")));
        assertFalse(Causes.isUniqueViolation(new RuntimeException(new SQLException("foreign key", "23503"))));
        assertFalse(Causes.isUniqueViolation(new RuntimeException(new SQLException("connection lost", "08006"))));
    }
}
