package org.agencyverify.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the realm's discovery document answers with the issuer we trust: without it no
 * officer token can be checked, so the service must not take verification traffic.
 */
@Readiness
@ApplicationScoped
public class KeycloakReadinessCheck implements HealthCheck {

    static final String NAME = "Keycloak realm";

    private final AgencyVerifyConfig.Keycloak keycloak;
    private final KeycloakReachability reachability;

    KeycloakReadinessCheck(AgencyVerifyConfig config, KeycloakReachability reachability) {
        this.keycloak = config.keycloak();
        this.reachability = reachability;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME).withData("issuer", keycloak.issuer());
        Optional<String> down = reachability.probe();
        return down.isEmpty() ? health.up().build() : health.down().withData("reason", down.get()).build();
    }
}
