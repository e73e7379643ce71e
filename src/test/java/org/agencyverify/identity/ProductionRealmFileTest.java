package org.agencyverify.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The realm a deployment imports (keycloak/realm-agency-verify.json) holds no person and no known
 * secret: no user but service accounts, no credential, no client secret, no loopback redirect, no
 * direct grant on a public client, no local SMTP. What the local stack needs on top is in
 * keycloak/realm-local.json, applied by scripts/stack.sh only, with this machine's values.
 */
class ProductionRealmFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOOPBACK = Pattern.compile("(?i)//(localhost|127\\.[0-9.]+|\\[::1])([:/]|$)");

    private static JsonNode realm() throws IOException {
        return JSON.readTree(Path.of("keycloak", "realm-agency-verify.json").toFile());
    }

    /**
     * Keycloak's amr mapper keeps a step's reference only while {@code authTime + default.reference.maxAge >= now},
     * reading an absent max age as 0: without one, a token issued a second after the one-time code (a
     * loaded server) says the person never gave it, and a contact who did is refused as a weak sign-in.
     */
    @Test
    void everyStepNamedInAmrKeepsItsNameBeyondTheSecondItFinished() throws IOException {
        List<String> fleeting = new ArrayList<>();
        for (JsonNode config : realm().path("authenticatorConfig")) {
            JsonNode values = config.path("config");
            if (values.hasNonNull("default.reference.value")
                    && !values.path("default.reference.maxAge").asText("").matches("[1-9][0-9]*")) {
                fleeting.add(config.path("alias").asText());
            }
        }
        assertEquals(List.of(), fleeting, "amr references without a positive default.reference.maxAge");
    }

    /** Keycloak keeps a flow's description in 255 characters: a longer one fails the whole import with a database error. */
    @Test
    void everyFlowDescriptionFitsKeycloaksColumn() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (JsonNode flow : realm().path("authenticationFlows")) {
            if (flow.path("description").asText("").length() > 255) {
                tooLong.add(flow.path("alias").asText());
            }
        }
        assertEquals(List.of(), tooLong, "flow descriptions over 255 characters");
    }

    @Test
    void noPersonAndNoCredential() throws IOException {
        JsonNode realm = realm();
        List<String> people = new ArrayList<>();
        for (JsonNode user : realm.path("users")) {
            if (!user.hasNonNull("serviceAccountClientId")) {
                people.add(user.path("username").asText());
            }
            assertTrue(user.path("credentials").isMissingNode() || user.path("credentials").isEmpty(),
                    "user " + user.path("username").asText() + " has credentials in the realm file");
        }
        assertEquals(List.of(), people, "the production realm must hold no person (the demo operator is local only)");
    }

    @Test
    void noClientSecretNoLoopbackNoDirectGrantOnAPublicClient() throws IOException {
        for (JsonNode client : realm().path("clients")) {
            String id = client.path("clientId").asText();
            assertFalse(client.has("secret"), id + " has a committed secret: Keycloak must generate it at import");
            for (String field : new String[] {"redirectUris", "webOrigins"}) {
                for (JsonNode uri : client.path(field)) {
                    assertFalse(LOOPBACK.matcher(uri.asText()).find(), id + " " + field + " has a loopback address: " + uri);
                }
            }
            assertFalse(LOOPBACK.matcher(client.path("attributes").path("post.logout.redirect.uris").asText()).find(), id);
            if (client.path("publicClient").asBoolean()) {
                assertFalse(client.path("directAccessGrantsEnabled").asBoolean(),
                        id + " is public and allows direct grants: anyone could try passwords without a second factor");
            }
        }
    }

    @Test
    void noLocalMailServer() throws IOException {
        JsonNode smtp = realm().path("smtpServer");
        assertTrue(smtp.isMissingNode() || !smtp.path("host").asText().matches("(?i)localhost|127\\..*|::1"),
                "the realm's SMTP must be the deployment's, not a local sink: " + smtp);
    }

    @Test
    void theLocalAdditionsCarryNoSecretOfTheirOwn() throws IOException {
        JsonNode local = JSON.readTree(Path.of("keycloak", "realm-local.json").toFile());
        List<String> literals = new ArrayList<>();
        local.path("clients").fields().forEachRemaining(client -> {
            if (client.getValue().has("secret") && !client.getValue().path("secret").asText().matches("\\$\\{[A-Z0-9_]+}")) {
                literals.add(client.getKey());
            }
        });
        for (JsonNode user : local.path("users")) {
            for (String field : new String[] {"password", "totpSecret"}) {
                if (!user.path(field).asText().matches("\\$\\{[A-Z0-9_]+}")) {
                    literals.add(user.path("username").asText() + "." + field);
                }
            }
        }
        assertEquals(List.of(), literals, "local secrets are this machine's (generated by scripts/stack.sh), never written in git");
    }

    @Test
    void applicationPropertiesCommitsNoClientSecret() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        for (String property : ClientSecretsCheck.PROPERTIES) {
            for (String key : new String[] {property, "%prod." + property, "%dev." + property, "%test." + property}) {
                assertTrue(properties.getProperty(key, "").isBlank(), key + " has a committed value");
            }
        }
    }
}
