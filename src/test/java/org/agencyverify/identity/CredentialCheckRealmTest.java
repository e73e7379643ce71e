package org.agencyverify.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.OfficerTokens;
import org.agencyverify.support.RealmAmr;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.ThrowawayRealm;
import org.junit.jupiter.api.Test;

/**
 * keycloak/realm-agency-verify.json on its own (a fresh copy beside the shared realm) with the
 * project's providers: the service's client {@code agency-verify-credential-check} checks user,
 * password and code without ever reaching the realm's brute-force lockout, says which factor failed,
 * and needs its secret; Keycloak's own sign-in pages keep the lockout.
 */
@QuarkusTest
class CredentialCheckRealmTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "agency-verify-credential-check";

    @Inject
    AgencyVerifyConfig config;

    @Test
    void theServicesCheckNeverLocksAnOfficerOutWhileKeycloaksPagesStillDo() throws Exception {
        String base = config.keycloak().url().replaceAll("/+$", "");
        String admin = "Bearer " + TestIdentities.masterRealmAdminToken(base);
        String name = "av-credential-check-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode realm = (ObjectNode) RealmAmr.realmFile();
        realm.put("realm", name);
        assertEquals(201, send(admin, "POST", base + "/admin/realms", ThrowawayRealm.withFreshIds(realm.toString())).statusCode());
        try {
            String adminRealm = base + "/admin/realms/" + name;
            JsonNode client = JSON.readTree(send(admin, "GET", adminRealm + "/clients?clientId=" + CLIENT, null).body()).get(0);
            assertTrue(client.path("secret").asText("").length() >= 32,
                    "the file commits no secret: Keycloak made a random one on import");
            String secret = "s-" + UUID.randomUUID();
            ((ObjectNode) client).put("secret", secret);
            assertEquals(204, send(admin, "PUT", adminRealm + "/clients/" + client.path("id").asText(), client.toString()).statusCode());

            String totp = "check-" + UUID.randomUUID();
            String email = "officer@" + name + ".test";
            Map<String, Object> user = Map.of("username", email, "email", email, "emailVerified", true, "firstName", "Fresh",
                    "lastName", "Realm", "enabled", true, "credentials", List.of(
                            Map.of("type", "password", "value", "pw-" + totp, "temporary", false),
                            Map.of("type", "otp", "secretData", "{\"value\":\"" + totp + "\"}",
                                    "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"period\":30,\"algorithm\":\"HmacSHA1\",\"counter\":0}")));
            assertEquals(201, send(admin, "POST", adminRealm + "/users", JSON.writeValueAsString(user)).statusCode());
            String userId = JSON.readTree(send(admin, "GET", adminRealm + "/users?exact=true&username=" + URLEncoder.encode(email,
                    StandardCharsets.UTF_8), null).body()).get(0).path("id").asText();
            String tokenUrl = base + "/realms/" + name + "/protocol/openid-connect/token";
            String code = BrowserlessLogin.totp(totp, Instant.now().getEpochSecond());

            for (int i = 0; i < 12; i++) {
                assertRefused(check(tokenUrl, secret, email, "guess-" + i, "123456"), "password");
            }
            assertRefused(check(tokenUrl, secret, "nobody@" + name + ".test", "pw-" + totp, code), "password");
            String wrongCode = code.equals("000000") ? "111111" : "000000";
            assertRefused(check(tokenUrl, secret, email, "pw-" + totp, wrongCode), "otp");
            JsonNode status = bruteForce(admin, adminRealm, userId);
            assertEquals(0, status.path("numFailures").asInt(), status.toString());
            assertEquals(false, status.path("disabled").asBoolean(), status.toString());

            HttpResponse<String> noSecret = check(tokenUrl, null, email, "pw-" + totp, code);
            assertEquals(401, noSecret.statusCode(), "a confidential client: " + noSecret.body());
            HttpResponse<String> passed = check(tokenUrl, secret, email, "pw-" + totp, code);
            assertEquals(200, passed.statusCode(), passed.body());
            assertEquals("pwd otp", BrowserlessLogin.claims(JSON.readTree(passed.body()).path("access_token").asText())
                    .path("agency_verify_factors").asText(), "the flow states what it checked, in the token");
            assertRefused(check(tokenUrl, secret, email, "pw-" + totp, code), "otp");

            // Keycloak's own sign-in page: wrong passwords there are still counted, and lock the account. The file has
            // no redirect URI to come back to; the local stack adds the loopback one (keycloak/realm-local.json).
            JsonNode cli = JSON.readTree(send(admin, "GET", adminRealm + "/clients?clientId=agency-verify-cli", null).body()).get(0);
            ((ObjectNode) cli).putArray("redirectUris").add("http://127.0.0.1/*");
            assertEquals(204, send(admin, "PUT", adminRealm + "/clients/" + cli.path("id").asText(), cli.toString()).statusCode());
            assertNull(OfficerTokens.signIn(base + "/realms/" + name, email, "wrong-password", code));
            status = bruteForce(admin, adminRealm, userId);
            assertTrue(status.path("numFailures").asInt() > 0, "the realm's lockout stays on for its pages: " + status);
        } finally {
            send(admin, "DELETE", base + "/admin/realms/" + name, null);
        }
    }

    private static void assertRefused(HttpResponse<String> response, String failedFactor) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("invalid_grant", body.path("error").asText(), response.body());
        assertEquals(failedFactor, body.path("failed_factor").asText(), response.body());
    }

    private static JsonNode bruteForce(String admin, String adminRealm, String userId) throws Exception {
        return JSON.readTree(send(admin, "GET", adminRealm + "/attack-detection/brute-force/users/" + userId, null).body());
    }

    private static HttpResponse<String> check(String tokenUrl, String secret, String username, String password, String otp)
            throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT);
        if (secret != null) {
            form.put("client_secret", secret);
        }
        form.put("username", username);
        form.put("password", password);
        form.put("totp", otp);
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String bearer, String method, String url, String json) throws Exception {
        return RealmFileAmrTest.send(bearer, method, url, json);
    }
}
