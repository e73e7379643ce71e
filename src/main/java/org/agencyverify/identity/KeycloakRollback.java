package org.agencyverify.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.Consumer;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * Undoes a Keycloak change when the database transaction it belongs to does not commit, so a
 * failure at any later step (Keycloak, PostgreSQL, the audit) leaves nothing half-created.
 */
@ApplicationScoped
public class KeycloakRollback {

    private final KeycloakAdmin keycloak;
    private final TransactionSynchronizationRegistry transactions;

    KeycloakRollback(KeycloakAdmin keycloak, TransactionSynchronizationRegistry transactions) {
        this.keycloak = keycloak;
        this.transactions = transactions;
    }

    /** Registers {@code undo} to run after the current transaction rolls back; needs an active transaction. */
    public void onRollback(String operation, Consumer<RealmResource> undo) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    keycloak.compensate(operation, undo);
                }
            }
        });
    }
}
