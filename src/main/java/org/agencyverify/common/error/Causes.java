package org.agencyverify.common.error;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import org.hibernate.exception.JDBCConnectionException;

/** Looks through an exception's causes, for the mappers and for fail-closed decisions. */
public final class Causes {

    private Causes() {}

    public static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** PostgreSQL, Redis or Keycloak could not be reached: a 503, never a 500 and never a pass. */
    public static boolean isUnavailableDependency(Throwable error) {
        return lostDatabaseConnection(error, 0)
                || find(error, ConnectException.class) != null
                || find(error, java.net.http.HttpTimeoutException.class) != null
                || vertxConnectionLost(error)
                || find(error, SQLTransientConnectionException.class) != null
                || find(error, JDBCConnectionException.class) != null
                || find(error, TimeoutException.class) != null
                || find(error, io.smallrye.mutiny.TimeoutException.class) != null
                || find(error, DependencyUnavailableException.class) != null;
    }

    /**
     * A JDBC error that says the database cannot serve now, among the causes or what they suppressed: SQL state
     * class 08 (connection exception; PostgreSQL going away at commit surfaces only as a RollbackException whose
     * suppressed XAException holds it), 57P01-57P03 (shutting down, crashed, still recovering: "not yet accepting
     * connections", which Hibernate calls a GenericJDBCException) and 53300 (no connection slot left).
     */
    private static boolean lostDatabaseConnection(Throwable error, int depth) {
        for (Throwable t = error; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof SQLException sql && databaseCannotServe(sql.getSQLState())) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (lostDatabaseConnection(suppressed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean databaseCannotServe(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P0") || sqlState.equals("53300"));
    }

    /**
     * A unique index refused a row (SQL state 23505): two requests made the same thing at the same moment,
     * both past the service's own "does it exist?" check, and the database decided. Nothing was stored.
     */
    public static boolean isUniqueViolation(Throwable error) {
        return sqlState(error, "23505", 0);
    }

    private static boolean sqlState(Throwable error, String state, int depth) {
        for (Throwable t = error; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (sqlState(suppressed, state, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Vert.x reports a connection closed under it as a bare VertxException, with no cause to look at. */
    private static boolean vertxConnectionLost(Throwable error) {
        io.vertx.core.VertxException vertx = find(error, io.vertx.core.VertxException.class);
        return vertx != null && vertx.getMessage() != null && vertx.getMessage().contains("onnection");
    }

    /** Exception class names only: messages of JDBC or Redis errors can carry connection strings. */
    static String summary(Throwable error) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = error; t != null && chain.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            chain.append(chain.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
