package org.agencyverify.common.error;

/** A server the decision needs (PostgreSQL, Redis, Keycloak, a channel) did not answer: fail closed. */
public class DependencyUnavailableException extends RuntimeException {

    private final String dependency;

    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(dependency + " unavailable", cause);
        this.dependency = dependency;
    }

    /** Which server: "Keycloak", "Redis", ... */
    public String dependency() {
        return dependency;
    }
}
