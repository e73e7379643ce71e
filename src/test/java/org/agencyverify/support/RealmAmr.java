package org.agencyverify.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * Brings the AMR setup of keycloak/realm-agency-verify.json (reference values on the browser flow's
 * password and OTP executions, the {@code oidc-amr-mapper} on agency-verify-cli) to a running realm
 * that was imported from an older file. Only adds what is missing, never removes or replaces: the
 * local Keycloak is shared, and scripts/stack.sh replaces the realm from the file anyway once the
 * file is the main branch's. The file is the source, so the live realm and a fresh import agree.
 */
public final class RealmAmr {

    public static final Path REALM_FILE = Path.of("keycloak", "realm-agency-verify.json");
    static final String REFERENCE_VALUE = "default.reference.value";
    private static final String MAPPER_TYPE = "oidc-amr-mapper";
    private static volatile boolean applied;

    private RealmAmr() {}

    public static synchronized void ensure(RealmResource realm) {
        if (applied) {
            return;
        }
        JsonNode file = realmFile();
        Map<String, JsonNode> configs = new HashMap<>();
        file.path("authenticatorConfig").forEach(c -> {
            if (c.path("config").has(REFERENCE_VALUE)) {
                configs.put(c.path("alias").asText(), c);
            }
        });
        for (JsonNode flow : file.path("authenticationFlows")) {
            for (JsonNode execution : flow.path("authenticationExecutions")) {
                JsonNode config = configs.get(execution.path("authenticatorConfig").asText(""));
                if (config != null) {
                    ensureExecutionConfig(realm, flow.path("alias").asText(), execution.path("authenticator").asText(), config);
                }
            }
        }
        for (JsonNode client : file.path("clients")) {
            for (JsonNode mapper : client.path("protocolMappers")) {
                if (MAPPER_TYPE.equals(mapper.path("protocolMapper").asText())) {
                    ensureMapper(realm, client.path("clientId").asText(), mapper);
                }
            }
        }
        applied = true;
    }

    public static JsonNode realmFile() {
        try {
            return new ObjectMapper().readTree(REALM_FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ensureExecutionConfig(RealmResource realm, String flowAlias, String authenticator, JsonNode config) {
        for (AuthenticationExecutionInfoRepresentation execution : realm.flows().getExecutions(flowAlias)) {
            if (!authenticator.equals(execution.getProviderId()) || execution.getLevel() != 0) {
                continue;
            }
            Map<String, String> values = new HashMap<>();
            config.path("config").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            if (execution.getAuthenticationConfig() == null) {
                AuthenticatorConfigRepresentation created = new AuthenticatorConfigRepresentation();
                created.setAlias(config.path("alias").asText());
                created.setConfig(values);
                realm.flows().newExecutionConfig(execution.getId(), created).close();
            } else {
                AuthenticatorConfigRepresentation existing = realm.flows().getAuthenticatorConfig(execution.getAuthenticationConfig());
                if (!existing.getConfig().containsKey(REFERENCE_VALUE)) {
                    existing.getConfig().putAll(values);
                    realm.flows().updateAuthenticatorConfig(existing.getId(), existing);
                }
            }
        }
    }

    private static void ensureMapper(RealmResource realm, String clientId, JsonNode mapper) {
        String id = realm.clients().findByClientId(clientId).get(0).getId();
        ClientResource client = realm.clients().get(id);
        boolean present = client.getProtocolMappers().getMappers().stream()
                .anyMatch(m -> MAPPER_TYPE.equals(m.getProtocolMapper()));
        if (!present) {
            ProtocolMapperRepresentation created = new ProtocolMapperRepresentation();
            created.setName(mapper.path("name").asText());
            created.setProtocol(mapper.path("protocol").asText());
            created.setProtocolMapper(MAPPER_TYPE);
            Map<String, String> values = new HashMap<>();
            mapper.path("config").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            created.setConfig(values);
            client.getProtocolMappers().createMapper(created).close();
        }
    }
}
