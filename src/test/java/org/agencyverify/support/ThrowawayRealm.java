package org.agencyverify.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keycloak/realm-agency-verify.json imported under a throwaway name beside the shared realm, for tests
 * that change what the shared realm must keep (a client's flow, its secret). Deleted on close.
 */
public final class ThrowawayRealm implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String admin;
    private final String name;

    private ThrowawayRealm(String base, String admin, String name) {
        this.base = base;
        this.admin = admin;
        this.name = name;
    }

    /** Imports the realm file as {@code prefix} plus a random suffix, signed in as the master realm's admin. */
    public static ThrowawayRealm ofRealmFile(String keycloakUrl, String prefix) {
        String base = keycloakUrl.replaceAll("/+$", "");
        String name = prefix + UUID.randomUUID().toString().substring(0, 8);
        ThrowawayRealm realm = new ThrowawayRealm(base, "Bearer " + TestIdentities.masterRealmAdminToken(base), name);
        ObjectNode file = (ObjectNode) RealmAmr.realmFile();
        file.put("realm", name);
        HttpResponse<String> created = realm.send("POST", base + "/admin/realms", withFreshIds(file.toString()));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("importing the realm file as " + name + ": HTTP " + created.statusCode() + " " + created.body());
        }
        return realm;
    }

    /**
     * The file pins a few ids (a client's flow override names its flow by id); ids are unique across
     * realms in Keycloak, so a copy beside the shared realm gets fresh ones, each used consistently.
     */
    public static String withFreshIds(String realm) {
        Matcher ids = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"").matcher(realm);
        String copy = realm;
        while (ids.find()) {
            copy = copy.replace(ids.group(1), UUID.randomUUID().toString());
        }
        return copy;
    }

    public String name() {
        return name;
    }

    public String issuer() {
        return base + "/realms/" + name;
    }

    /** A call of this realm's admin API; {@code path} is under {@code /admin/realms/NAME}. */
    public HttpResponse<String> admin(String method, String path, String json) {
        return send(method, base + "/admin/realms/" + name + path, json);
    }

    public JsonNode adminJson(String path) {
        HttpResponse<String> response = admin("GET", path, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client's representation, as the admin API gives it. */
    public ObjectNode client(String clientId) {
        return (ObjectNode) adminJson("/clients?clientId=" + clientId).get(0);
    }

    private HttpResponse<String> send(String method, String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", admin);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        send("DELETE", base + "/admin/realms/" + name, null);
    }
}
