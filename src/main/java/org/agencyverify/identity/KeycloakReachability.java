package org.agencyverify.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;

/**
 * Whether Keycloak answers, as the realm's discovery document with the issuer we trust shows it.
 * Readiness looks every time; a verification start looks through a short cache
 * ({@code agency-verify.keycloak.reachability-ttl}), before anything about the requester is read, so
 * every requester gets the same answer while Keycloak is down.
 */
@ApplicationScoped
public class KeycloakReachability {

    private final AgencyVerifyConfig.Keycloak keycloak;
    private final ObjectMapper json;
    private final HttpClient http;
    private final long ttlNanos;
    private boolean reachable;
    private long lookedAt;
    private boolean looked;

    KeycloakReachability(AgencyVerifyConfig config, ObjectMapper json) {
        this.keycloak = config.keycloak();
        this.json = json;
        this.ttlNanos = keycloak.reachabilityTtl().toNanos();
        this.http = HttpClient.newBuilder()
                .connectTimeout(keycloak.healthTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** 503 (through the problem mapper) unless Keycloak answered at the last look, at most the TTL ago. */
    public void require() {
        if (!reachable()) {
            throw new DependencyUnavailableException("Keycloak", null);
        }
    }

    public synchronized boolean reachable() {
        long now = System.nanoTime();
        if (!looked || now - lookedAt >= ttlNanos) {
            reachable = probe().isEmpty();
            lookedAt = System.nanoTime();
            looked = true;
        }
        return reachable;
    }

    /** A call that needed Keycloak found it gone: every start answers 503 until a look finds it again. */
    public synchronized void markUnreachable() {
        reachable = false;
        lookedAt = System.nanoTime();
        looked = true;
    }

    /** Looks now: empty when the realm answers as it should, else why not (for readiness). */
    public Optional<String> probe() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/.well-known/openid-configuration"))
                .timeout(keycloak.healthTimeout())
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.of("discovery answered HTTP " + response.statusCode());
            }
            if (!keycloak.issuer().equals(json.readTree(response.body()).path("issuer").asText())) {
                return Optional.of("discovery names another issuer");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
