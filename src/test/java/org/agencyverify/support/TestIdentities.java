package org.agencyverify.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Real Keycloak users with real realm roles, and real tokens for them from the realm's
 * agency-verify-cli client (direct grant, which the local realm allows). Each call makes a new
 * user, so tests never share identities.
 */
@ApplicationScoped
public class TestIdentities {

    public static final String CLIENT = "agency-verify-cli";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Keycloak keycloak;
    private final AgencyVerifyConfig config;
    private final ObjectMapper json;

    TestIdentities(Keycloak keycloak, AgencyVerifyConfig config, ObjectMapper json) {
        this.keycloak = keycloak;
        this.config = config;
        this.json = json;
    }

    /** A user with these realm roles and a fresh access token. */
    public TestUser user(String... roles) {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 12);
        return userWithEmail(name + "@people.test", roles);
    }

    public TestUser userWithEmail(String email, String... roles) {
        String username = email.toLowerCase();
        String password = "pw-" + UUID.randomUUID();
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setFirstName("Test");
        user.setLastName("Person");
        user.setEnabled(true);
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        String id;
        try (Response response = realm().users().create(user)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused test user " + username + ": HTTP " + response.getStatus());
            }
            String path = response.getLocation().getPath();
            id = path.substring(path.lastIndexOf('/') + 1);
        }
        List<RoleRepresentation> realmRoles = Arrays.stream(roles).map(role -> realm().roles().get(role).toRepresentation()).toList();
        if (!realmRoles.isEmpty()) {
            realm().users().get(id).roles().realmLevel().add(realmRoles);
        }
        return new TestUser(id, username, email, password, token(username, password));
    }

    /** A new access token for an existing user, by password. */
    public String token(String username, String password) {
        return tokenFor(Map.of("grant_type", "password", "client_id", CLIENT, "username", username,
                "password", password, "scope", "openid"));
    }

    /** A genuine token of this realm that is not meant for this API (the admin service account's). */
    public String tokenForAnotherAudience() {
        return tokenFor(Map.of("grant_type", "client_credentials", "client_id", "agency-verify-admin",
                "client_secret", org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("quarkus.keycloak.admin-client.client-secret", String.class)));
    }

    /**
     * A token of the local stack's master-realm admin (test code only; KEYCLOAK_ADMIN_USER and
     * KEYCLOAK_ADMIN_PASSWORD as scripts/stack.sh uses them): for creating realms, and as a genuine
     * token of another realm of the same server, signed with another key.
     */
    public static String masterRealmAdminToken(String keycloakUrl) {
        Map<String, String> form = Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", System.getenv().getOrDefault("KEYCLOAK_ADMIN_USER", "admin"),
                "password", System.getenv().getOrDefault("KEYCLOAK_ADMIN_PASSWORD", "admin"));
        return post(URI.create(keycloakUrl + "/realms/master/protocol/openid-connect/token"), form, new ObjectMapper());
    }

    private String tokenFor(Map<String, String> form) {
        return post(URI.create(config.keycloak().issuer() + "/protocol/openid-connect/token"), form, json);
    }

    private static String post(URI tokenEndpoint, Map<String, String> form, ObjectMapper json) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("no token for " + form.get("client_id") + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return json.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public RealmResource realm() {
        return keycloak.realm(config.keycloak().realm());
    }

    /** A Keycloak user made for one test. */
    public record TestUser(String id, String username, String email, String password, String token) {
        public String bearer() {
            return "Bearer " + token;
        }
    }
}
