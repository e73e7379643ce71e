package org.agencyverify.common.error;

/** A server the decision needs (PostgreSQL, Redis, Keycloak, a channel) did not answer: fail closed. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(dependency + " unavailable", cause);
    }
}
