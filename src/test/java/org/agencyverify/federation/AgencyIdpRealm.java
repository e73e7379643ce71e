package org.agencyverify.federation;

import org.agencyverify.support.TestIdentities;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A second realm in the same Keycloak playing an agency's own identity provider: one user and one
 * confidential client for our broker. Creating realms needs the master realm's admin (test code only:
 * KEYCLOAK_ADMIN_USER / KEYCLOAK_ADMIN_PASSWORD, admin/admin on the local stack).
 */
public final class AgencyIdpRealm implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    final String keycloakUrl;
    final String realm = "idp-" + UUID.randomUUID().toString().substring(0, 12);
    public final String clientId = "broker-" + UUID.randomUUID().toString().substring(0, 8);
    public final String clientSecret = "idp-secret-" + UUID.randomUUID();
    public final String userPassword = "pw-" + UUID.randomUUID();
    final String email;

    public AgencyIdpRealm(String keycloakUrl, String brokerAlias, String email) {
        this.keycloakUrl = keycloakUrl.replaceAll("/+$", "");
        this.email = email;
        Map<String, Object> user = Map.of("username", "officer", "email", email, "emailVerified", true,
                "firstName", "Dana", "lastName", "Federated", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", userPassword, "temporary", false)));
        Map<String, Object> client = Map.of("clientId", clientId, "enabled", true, "publicClient", false,
                "secret", clientSecret, "standardFlowEnabled", true, "directAccessGrantsEnabled", false,
                "redirectUris", List.of(this.keycloakUrl + "/realms/agency-verify/broker/" + brokerAlias + "/endpoint"));
        Map<String, Object> representation = Map.of("realm", realm, "enabled", true, "sslRequired", "none",
                "users", List.of(user), "clients", List.of(client));
        int status = send("POST", "/admin/realms", representation);
        if (status != 201) {
            throw new IllegalStateException("could not create IdP realm: HTTP " + status);
        }
    }

    public String issuer() {
        return keycloakUrl + "/realms/" + realm;
    }

    /** The id (the {@code sub} it asserts) of the realm's one user. */
    public String userId() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/admin/realms/" + realm
                    + "/users?exact=true&username=officer")).header("Authorization", "Bearer " + masterToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path(0).path("id").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        send("DELETE", "/admin/realms/" + realm, null);
    }

    private int send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloakUrl + path))
                    .header("Authorization", "Bearer " + masterToken());
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String masterToken() {
        return TestIdentities.masterRealmAdminToken(keycloakUrl);
    }
}
