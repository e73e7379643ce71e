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
 * Real Keycloak users with real realm roles, and real tokens for them, got the way people get them:
 * a sign-in on the realm's public client agency-verify-cli (authorization code with PKCE) with the
 * password and a TOTP code, so the token names both factors ({@code amr}) and its {@code auth_time}, as
 * the admin API demands of operators and agency admins. Each call makes a new user, so tests never
 * share identities.
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

    /** A user with these realm roles, password and TOTP, and a fresh access token of a sign-in with both. */
    public TestUser user(String... roles) {
        return userWithEmail(newEmail(), roles);
    }

    public TestUser userWithEmail(String email, String... roles) {
        TestUser user = create(email, "ts-" + UUID.randomUUID().toString().replace("-", ""), roles);
        return user.withToken(signIn(user.username(), user.password(), user.totpSecret()));
    }

    /**
     * A user with these roles who has no second factor, and the token of a password-only sign-in: what
     * someone holds who phished an operator's or agency admin's password.
     */
    public TestUser userWithoutSecondFactor(String... roles) {
        TestUser user = create(newEmail(), null, roles);
        return user.withToken(signIn(user.username(), user.password(), null));
    }

    private static String newEmail() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12) + "@people.test";
    }

    private TestUser create(String email, String totpSecret, String... roles) {
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
        user.setCredentials(totpSecret == null ? List.of(credential) : List.of(credential, totp(totpSecret)));
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
        return new TestUser(id, username, email, password, totpSecret, null);
    }

    private static CredentialRepresentation totp(String secret) {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setSecretData("{\"value\":\"" + secret + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"period\":30,\"algorithm\":\"HmacSHA1\",\"counter\":0}");
        return otp;
    }

    /**
     * Signs in on agency-verify-cli through Keycloak's pages (code flow with PKCE): password, then the
     * current TOTP code when {@code totpSecret} is given. Answers the access token.
     */
    public String signIn(String username, String password, String totpSecret) {
        BrowserlessLogin login = new BrowserlessLogin(config.keycloak().issuer(), CLIENT);
        BrowserlessLogin.Page page = login.authorize("openid", Map.of());
        String otp = totpSecret == null ? "" : BrowserlessLogin.totp(totpSecret, java.time.Instant.now().getEpochSecond());
        page = OfficerSignIn.passwordAndOtp(login, page, username, password, otp);
        if (login.code() == null) {
            // Keycloak's error pages (an account disabled, ...) have no form: say what the page says.
            String html = page.html() == null ? "" : page.html();
            String text = html.substring(Math.max(0, html.indexOf("<body"))).replaceAll("(?s)<script.*?</script>|<[^>]*>", " ")
                    .replaceAll("\\s+", " ").strip();
            throw new IllegalStateException("sign-in of " + username + " did not finish: " + BrowserlessLogin.inputs(page) + " "
                    + text.substring(0, Math.min(text.length(), 300)));
        }
        return login.tokens().path("access_token").asText();
    }

    /**
     * A password-only sign-in of an existing user through Keycloak's pages: whether Keycloak lets the user
     * sign in at all (an IllegalStateException naming Keycloak's message when it does not).
     */
    public String token(String username, String password) {
        return signIn(username, password, null);
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

    /** A Keycloak user made for one test ({@code totpSecret} null: no second factor). */
    public record TestUser(String id, String username, String email, String password, String totpSecret, String token) {
        public String bearer() {
            return "Bearer " + token;
        }

        TestUser withToken(String newToken) {
            return new TestUser(id, username, email, password, totpSecret, newToken);
        }
    }
}
