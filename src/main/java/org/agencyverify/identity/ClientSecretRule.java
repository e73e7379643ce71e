package org.agencyverify.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The secrets of the realm's confidential clients that the service uses must be this deployment's
 * own: never empty, never a value that was ever written in this repository (anyone can read those).
 * Plain Java; {@link ClientSecretsCheck} applies it at start outside dev and test.
 */
public final class ClientSecretRule {

    /** Client secrets that were once committed (the realm file and application.properties of early versions). */
    static final Set<String> COMMITTED = Set.of("local-only-admin-client-secret", "local-only-approval-client-secret");

    private ClientSecretRule() {}

    /** One line per property whose value is not acceptable, naming the environment variable that sets it. */
    public static List<String> problems(Map<String, Optional<String>> secrets) {
        List<String> problems = new ArrayList<>();
        secrets.forEach((property, value) -> {
            String env = property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            if (value.isEmpty() || value.get().isBlank()) {
                problems.add(property + " is empty: set " + env + " to the client's secret in Keycloak");
            } else if (COMMITTED.contains(value.get().strip())) {
                problems.add(property + " is a secret published in the source repository: regenerate the client's secret in"
                        + " Keycloak and set " + env + " to the new one");
            }
        });
        return problems;
    }
}
