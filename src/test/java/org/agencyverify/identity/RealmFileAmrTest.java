package org.agencyverify.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.OfficerSignIn;
import org.agencyverify.support.RealmAmr;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.ThrowawayRealm;
import org.junit.jupiter.api.Test;

/**
 * keycloak/realm-agency-verify.json on its own, imported as a fresh realm (under a throwaway name,
 * next to the shared one, deleted afterwards): a password + TOTP sign-in on agency-verify-cli through the
 * device authorization grant (the file has no redirect URI: those are local additions) gives
 * {@code amr: [pwd, otp]} and {@code auth_time}, as the admin API demands of operators.
 */
@QuarkusTest
class RealmFileAmrTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgencyVerifyConfig config;

    @Test
    void aRealmImportedFromTheFileAloneGivesAmrForPasswordAndTotp() throws Exception {
        String base = config.keycloak().url().replaceAll("/+$", "");
        String admin = "Bearer " + TestIdentities.masterRealmAdminToken(base);
        String name = "av-realm-file-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode realm = (ObjectNode) RealmAmr.realmFile();
        realm.put("realm", name);
        assertEquals(201, send(admin, "POST", base + "/admin/realms", ThrowawayRealm.withFreshIds(realm.toString())).statusCode(),
                "realm file imports");
        try {
            String secret = "demo-totp-" + UUID.randomUUID();
            String email = "officer@" + name + ".test";
            Map<String, Object> user = Map.of("username", email, "email", email, "emailVerified", true,
                    "firstName", "Fresh", "lastName", "Realm", "enabled", true, "credentials", java.util.List.of(
                            Map.of("type", "password", "value", "pw-" + secret, "temporary", false),
                            Map.of("type", "otp", "secretData", "{\"value\":\"" + secret + "\"}",
                                    "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"period\":30,\"algorithm\":\"HmacSHA1\",\"counter\":0}")));
            assertEquals(201, send(admin, "POST", base + "/admin/realms/" + name + "/users", JSON.writeValueAsString(user)).statusCode());

            // The production realm has no redirect URI to come back to: sign in the way operators and officers do
            // there, with the device authorization grant (the person on their own browser, the caller polling).
            String issuer = base + "/realms/" + name;
            String verifier = "v-" + secret;
            JsonNode device = OfficerSignIn.startDeviceAuthorization(issuer, TestIdentities.CLIENT, verifier);
            assertTrue(device.hasNonNull("device_code") && device.hasNonNull("verification_uri_complete"), device.toString());
            BrowserlessLogin browser = new BrowserlessLogin(issuer, TestIdentities.CLIENT);
            BrowserlessLogin.Page end = OfficerSignIn.passwordAndOtp(browser, browser.open(device.path("verification_uri_complete").asText()),
                    email, "pw-" + secret, BrowserlessLogin.totp(secret, Instant.now().getEpochSecond()));
            assertEquals(200, end.status(), BrowserlessLogin.inputs(end));
            JsonNode tokens = OfficerSignIn.awaitDeviceToken(issuer, TestIdentities.CLIENT, device, verifier);
            assertTrue(tokens.hasNonNull("access_token"), tokens.toString());
            JsonNode claims = BrowserlessLogin.claims(tokens.path("access_token").asText());
            Set<String> amr = new HashSet<>();
            claims.path("amr").forEach(v -> amr.add(v.asText()));
            assertEquals(Set.of("pwd", "otp"), amr, claims.toString());
            assertTrue(claims.path("auth_time").asLong() > 0, claims.toString());
            assertTrue(claims.path("aud").toString().contains("agency-verify-api"), claims.toString());
        } finally {
            send(admin, "DELETE", base + "/admin/realms/" + name, null);
        }
    }

    static HttpResponse<String> send(String bearer, String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
