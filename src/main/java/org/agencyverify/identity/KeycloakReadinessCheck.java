package org.agencyverify.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final ObjectMapper json;
    private final HttpClient http;

    KeycloakReadinessCheck(AgencyVerifyConfig config, ObjectMapper json) {
        this.keycloak = config.keycloak();
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(keycloak.healthTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME).withData("issuer", keycloak.issuer());
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/.well-known/openid-configuration"))
                .timeout(keycloak.healthTimeout())
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return health.down().withData("reason", "discovery answered HTTP " + response.statusCode()).build();
            }
            JsonNode issuer = json.readTree(response.body()).path("issuer");
            if (!keycloak.issuer().equals(issuer.asText())) {
                return health.down().withData("reason", "discovery names another issuer").build();
            }
            return health.up().build();
        } catch (IOException e) {
            return health.down().withData("reason", "unreachable (" + e.getClass().getSimpleName() + ")").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return health.down().withData("reason", "interrupted").build();
        }
    }
}
