package org.agencyverify.identity;

/** Keycloak answered a 4xx: the feature decides what that means (409 duplicate, 404 gone...). */
public class KeycloakRefusedException extends RuntimeException {

    private final String operation;
    private final int status;

    public KeycloakRefusedException(String operation, int status) {
        super("Keycloak refused " + operation + " with HTTP " + status, null, false, false);
        this.operation = operation;
        this.status = status;
    }

    public String operation() {
        return operation;
    }

    public int status() {
        return status;
    }

    public boolean isConflict() {
        return status == 409;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
