package org.agencyverify.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.ThrowawayRealm;
import org.junit.jupiter.api.Test;

/**
 * Attack: whoever holds a realm admin account binds the service's client to a direct-grant flow that
 * asks for the password alone. Keycloak then grants a token without any one-time code, for an officer
 * who does have one (so "does the officer have a code credential" would still say yes). The service
 * must refuse: only the project's flow states in the token that it checked password and code.
 * In a throwaway copy of the realm file: the shared realm's client is left as it is.
 */
@QuarkusTest
class DirectGrantFactorsTest {

    private static final String CLIENT = "agency-verify-credential-check";

    @Inject
    AgencyVerifyConfig config;

    @Inject
    ObjectMapper json;

    @Test
    void aGrantFromAFlowThatSkippedTheCodeIsRefusedThoughKeycloakGrantedIt() throws Exception {
        try (ThrowawayRealm realm = ThrowawayRealm.ofRealmFile(config.keycloak().url(), "av-factors-")) {
            ObjectNode client = realm.client(CLIENT);
            String secret = "s-" + UUID.randomUUID();
            client.put("secret", secret);
            assertEquals(204, realm.admin("PUT", "/clients/" + client.path("id").asText(), client.toString()).statusCode());
            String totp = "factors-" + UUID.randomUUID();
            String email = "officer@" + realm.name() + ".test";
            String userId = officerWithCode(realm, email, "pw-" + totp, totp);
            DirectGrant grant = new DirectGrant(realm.issuer(), CLIENT, Optional.of(secret), Duration.ofSeconds(10), json);

            String code = BrowserlessLogin.totp(totp, Instant.now().getEpochSecond());
            CredentialCheck.Result passed = grant.check(email, "pw-" + totp, code);
            assertTrue(passed.passed(), "the project's flow: " + passed.refusal());
            assertEquals(userId, passed.subject());
            assertEquals(List.of("pwd", "otp"), List.copyOf(passed.amr()));

            bindPasswordOnlyFlow(realm, client.path("id").asText());
            String wrongCode = code.equals("000000") ? "111111" : "000000";
            // FACTORS_UNPROVEN comes only from a 200: Keycloak granted a token on the password alone.
            assertEquals(DirectGrant.FACTORS_UNPROVEN, grant.check(email, "pw-" + totp, wrongCode).refusal());
            assertEquals(DirectGrant.FACTORS_UNPROVEN, grant.check(email, "pw-" + totp, "").refusal());
        }
    }

    private String officerWithCode(ThrowawayRealm realm, String email, String password, String totp) throws Exception {
        Map<String, Object> user = Map.of("username", email, "email", email, "emailVerified", true, "firstName", "Factors",
                "lastName", "Officer", "enabled", true, "credentials", List.of(
                        Map.of("type", "password", "value", password, "temporary", false),
                        Map.of("type", "otp", "secretData", "{\"value\":\"" + totp + "\"}",
                                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"period\":30,\"algorithm\":\"HmacSHA1\",\"counter\":0}")));
        assertEquals(201, realm.admin("POST", "/users", json.writeValueAsString(user)).statusCode());
        return realm.adminJson("/users?exact=true&username=" + email).get(0).path("id").asText();
    }

    /** A flow of Keycloak's own direct-grant steps for user and password, and nothing else. */
    private void bindPasswordOnlyFlow(ThrowawayRealm realm, String clientUuid) throws Exception {
        String alias = "password-only";
        assertEquals(201, realm.admin("POST", "/authentication/flows", json.writeValueAsString(Map.of("alias", alias,
                "providerId", "basic-flow", "topLevel", true, "builtIn", false))).statusCode());
        for (String provider : List.of("direct-grant-validate-username", "direct-grant-validate-password")) {
            assertEquals(201, realm.admin("POST", "/authentication/flows/" + alias + "/executions/execution",
                    json.writeValueAsString(Map.of("provider", provider))).statusCode());
        }
        for (JsonNode execution : realm.adminJson("/authentication/flows/" + alias + "/executions")) {
            ((ObjectNode) execution).put("requirement", "REQUIRED");
            int status = realm.admin("PUT", "/authentication/flows/" + alias + "/executions", execution.toString()).statusCode();
            assertTrue(status == 202 || status == 204, "requirement: HTTP " + status);
        }
        String flowId = null;
        for (JsonNode flow : realm.adminJson("/authentication/flows")) {
            if (alias.equals(flow.path("alias").asText())) {
                flowId = flow.path("id").asText();
            }
        }
        ObjectNode client = (ObjectNode) realm.adminJson("/clients/" + clientUuid);
        client.with("authenticationFlowBindingOverrides").put("direct_grant", flowId);
        assertEquals(204, realm.admin("PUT", "/clients/" + clientUuid, client.toString()).statusCode());
    }
}
