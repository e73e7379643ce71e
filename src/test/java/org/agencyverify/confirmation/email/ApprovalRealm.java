package org.agencyverify.confirmation.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agencyverify.support.TestIdentities;

/**
 * Adds the approval client and its sign-in flow to the running realm when they are missing, exactly
 * as keycloak/realm-agency-verify.json defines them (read from the file, so the two cannot drift).
 * Additive only: the shared local Keycloak keeps everyone else's data; a fresh import has both.
 */
final class ApprovalRealm {

    static final String CLIENT_ID = "agency-verify-approval";
    static final String FLOW = "agency-verify approval";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static boolean ensured;

    private final String admin;
    private final JsonNode file;
    private final String token;

    private ApprovalRealm(String keycloakUrl, String realm) throws IOException {
        this.admin = keycloakUrl + "/admin/realms/" + realm;
        this.file = JSON.readTree(Path.of("keycloak/realm-agency-verify.json").toFile());
        this.token = TestIdentities.masterRealmAdminToken(keycloakUrl);
    }

    static synchronized void ensure(String keycloakUrl, String realm) {
        if (ensured) {
            return;
        }
        try {
            new ApprovalRealm(keycloakUrl, realm).apply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ensured = true;
    }

    private void apply() {
        String flowId = flowId();
        if (flowId == null) {
            JsonNode flow = fileFlow(FLOW);
            ObjectNode top = JSON.createObjectNode().put("alias", FLOW).put("description", flow.path("description").asText())
                    .put("providerId", "basic-flow").put("topLevel", true).put("builtIn", false);
            send("POST", "/authentication/flows", top);
            List<JsonNode> wanted = new ArrayList<>();
            addExecutions(FLOW, flow, wanted);
            JsonNode live = send("GET", "/authentication/flows/" + encode(FLOW) + "/executions", null);
            if (live.size() != wanted.size()) {
                throw new IllegalStateException("flow " + FLOW + " has " + live.size() + " steps, the realm file " + wanted.size());
            }
            for (int i = 0; i < wanted.size(); i++) {
                ObjectNode step = (ObjectNode) live.get(i);
                step.put("requirement", wanted.get(i).path("requirement").asText());
                send("PUT", "/authentication/flows/" + encode(FLOW) + "/executions", step);
                String configAlias = wanted.get(i).path("authenticatorConfig").asText(null);
                if (configAlias != null) {
                    send("POST", "/authentication/executions/" + step.path("id").asText() + "/config", fileConfig(configAlias));
                }
            }
            flowId = flowId();
        }
        if (send("GET", "/clients?clientId=" + CLIENT_ID, null).isEmpty()) {
            ObjectNode client = (ObjectNode) fileClient().deepCopy();
            ((ObjectNode) client.path("authenticationFlowBindingOverrides")).put("browser", flowId);
            send("POST", "/clients", client);
        }
    }

    /** Depth first, the order in which Keycloak lists a flow's executions. */
    private void addExecutions(String parentAlias, JsonNode flow, List<JsonNode> wanted) {
        for (JsonNode execution : flow.path("authenticationExecutions")) {
            wanted.add(execution);
            if (execution.path("authenticatorFlow").asBoolean()) {
                String alias = execution.path("flowAlias").asText();
                JsonNode sub = fileFlow(alias);
                send("POST", "/authentication/flows/" + encode(parentAlias) + "/executions/flow", JSON.createObjectNode()
                        .put("alias", alias).put("type", "basic-flow").put("description", sub.path("description").asText()));
                addExecutions(alias, sub, wanted);
            } else {
                send("POST", "/authentication/flows/" + encode(parentAlias) + "/executions/execution",
                        JSON.createObjectNode().put("provider", execution.path("authenticator").asText()));
            }
        }
    }

    private String flowId() {
        for (JsonNode flow : send("GET", "/authentication/flows", null)) {
            if (FLOW.equals(flow.path("alias").asText())) {
                return flow.path("id").asText();
            }
        }
        return null;
    }

    private JsonNode fileFlow(String alias) {
        return find(file.path("authenticationFlows"), "alias", alias);
    }

    private JsonNode fileConfig(String alias) {
        return find(file.path("authenticatorConfig"), "alias", alias);
    }

    private JsonNode fileClient() {
        return find(file.path("clients"), "clientId", CLIENT_ID);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asText())) {
                return node;
            }
        }
        throw new IllegalStateException("the realm file has no " + field + " " + value);
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String alias) {
        return URLEncoder.encode(alias, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
