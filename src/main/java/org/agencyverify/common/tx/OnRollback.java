package org.agencyverify.common.tx;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Undo work done outside the database (Keycloak) when the database transaction does not commit,
 * whatever the reason: an exception in the service, a constraint at flush, a failed commit.
 */
@ApplicationScoped
public class OnRollback {

    private final TransactionSynchronizationRegistry registry;

    OnRollback(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    /** Runs {@code compensation} after the current transaction ends without committing. */
    public void register(String what, Runnable compensation) {
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    Log.warnf("Transaction did not commit: undoing %s", what);
                    try {
                        compensation.run();
                    } catch (RuntimeException e) {
                        // The transaction is over: nothing can be thrown to anyone. Leave a trail for the operators.
                        Log.errorf("Undoing %s failed (%s): manual clean-up may be needed", what, e.getClass().getSimpleName());
                    }
                }
            }
        });
    }
}
