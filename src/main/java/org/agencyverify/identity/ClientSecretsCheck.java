package org.agencyverify.identity;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Outside dev and test the service refuses to start with an empty or published client secret, as it
 * does without its own keys: a deployment that forgot one must not run on a default anyone knows.
 */
@ApplicationScoped
public class ClientSecretsCheck {

    /** The confidential clients' secrets the service sends to Keycloak. */
    static final List<String> PROPERTIES = List.of("quarkus.keycloak.admin-client.client-secret",
            "quarkus.oidc.approval.credentials.secret",
            "quarkus.oidc.console.credentials.secret", "agency-verify.verification.direct-grant-client-secret");

    private final Config config;

    ClientSecretsCheck(Config config) {
        this.config = config;
    }

    void check(@Observes StartupEvent event) {
        if (LaunchMode.current().isDevOrTest()) {
            return;
        }
        Map<String, Optional<String>> secrets = new LinkedHashMap<>();
        PROPERTIES.forEach(property -> secrets.put(property, config.getOptionalValue(property, String.class)));
        List<String> problems = ClientSecretRule.problems(secrets);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("agency-verify does not start with these Keycloak client secrets: "
                    + String.join("; ", problems));
        }
    }
}
