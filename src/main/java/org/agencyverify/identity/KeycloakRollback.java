package org.agencyverify.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import org.agencyverify.common.tx.OnRollback;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * Undoes a Keycloak change when the database transaction it belongs to does not commit, so a
 * failure at any later step (Keycloak, PostgreSQL, the audit) leaves nothing half-created.
 */
@ApplicationScoped
public class KeycloakRollback {

    private final KeycloakAdmin keycloak;
    private final OnRollback onRollback;

    KeycloakRollback(KeycloakAdmin keycloak, OnRollback onRollback) {
        this.keycloak = keycloak;
        this.onRollback = onRollback;
    }

    /** Registers {@code undo} to run after the current transaction rolls back; needs an active transaction. */
    public void onRollback(String operation, Consumer<RealmResource> undo) {
        onRollback.register(operation, () -> keycloak.compensate(operation, undo));
    }
}
