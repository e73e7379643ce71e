package org.agencyverify.health;

/** The names under which readiness reports each server, as Quarkus' checks and ours name them. */
final class HealthNames {
    static final String POSTGRESQL = "Database connections health check";
    static final String REDIS = "Redis connection health check";
    static final String KEYCLOAK = "Keycloak realm";

    private HealthNames() {}
}
