package org.agencyverify.federation;

import org.agencyverify.support.TestIdentities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A second realm in the same Keycloak playing an agency's own identity provider: one user and one
 * confidential client for our broker. Creating realms needs the master realm's admin (test code only:
 * KEYCLOAK_ADMIN_USER / KEYCLOAK_ADMIN_PASSWORD, admin/admin on the local stack).
 *
 * <p>What the agency's IdP says of its sign-ins ({@link Upstream}: {@code acr}, {@code amr},
 * {@code auth_time} in its ID tokens) is set with hardcoded-claim mappers on its client, as an agency
 * IdP with a phishing-resistant method, a password-only one, or a sign-in of hours ago would say it.
 * Keycloak makes {@code acr} and {@code auth_time} with mappers of the default scopes {@code acr} and
 * {@code basic}, which would overwrite the hardcoded ones: the client has neither scope, and gets
 * Keycloak's own mappers for what is not asserted.
 */
public final class AgencyIdpRealm implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the IdP asserts in its ID tokens; a null field is left as the IdP's Keycloak makes it. */
    public record Upstream(String acr, List<String> amr, Long authTime) {
        public static final Upstream AS_IS = new Upstream(null, null, null);

        public static Upstream acr(String acr, String... amr) {
            return new Upstream(acr, amr.length == 0 ? null : List.of(amr), null);
        }

        /** The same, but claiming a sign-in {@code seconds} ago. */
        public Upstream signedInAgo(long seconds) {
            return new Upstream(acr, amr, System.currentTimeMillis() / 1000 - seconds);
        }
    }

    final String keycloakUrl;
    final String realm = "idp-" + UUID.randomUUID().toString().substring(0, 12);
    public final String clientId = "broker-" + UUID.randomUUID().toString().substring(0, 8);
    public final String clientSecret = "idp-secret-" + UUID.randomUUID();
    public final String userPassword = "pw-" + UUID.randomUUID();
    public final String email;

    public AgencyIdpRealm(String keycloakUrl, String brokerAlias, String email) {
        this(keycloakUrl, brokerAlias, email, Upstream.AS_IS);
    }

    public AgencyIdpRealm(String keycloakUrl, String brokerAlias, String email, Upstream upstream) {
        this.keycloakUrl = keycloakUrl.replaceAll("/+$", "");
        this.email = email;
        Map<String, Object> user = Map.of("username", "officer", "email", email, "emailVerified", true,
                "firstName", "Dana", "lastName", "Federated", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", userPassword, "temporary", false)));
        Map<String, Object> client = new LinkedHashMap<>(Map.of("clientId", clientId, "enabled", true, "publicClient", false,
                "secret", clientSecret, "standardFlowEnabled", true, "directAccessGrantsEnabled", false,
                "redirectUris", List.of(this.keycloakUrl + "/realms/agency-verify/broker/" + brokerAlias + "/endpoint")));
        client.put("defaultClientScopes", List.of("profile", "email"));
        client.put("protocolMappers", mappers(upstream));
        Map<String, Object> representation = Map.of("realm", realm, "enabled", true, "sslRequired", "none",
                "users", List.of(user), "clients", List.of(client));
        int status = send("POST", "/admin/realms", representation).statusCode();
        if (status != 201) {
            throw new IllegalStateException("could not create IdP realm: HTTP " + status);
        }
    }

    public String issuer() {
        return keycloakUrl + "/realms/" + realm;
    }

    /** The body of the service's link request for this IdP, with the acr values the agency accepts (none: omitted). */
    public Map<String, Object> linkRequest(String alias, String... acceptedAcr) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("alias", alias, "issuer", issuer(), "clientId", clientId,
                "clientSecret", clientSecret));
        if (acceptedAcr.length > 0) {
            body.put("acceptedAcr", List.of(acceptedAcr));
        }
        return body;
    }

    /** From now on the IdP asserts this of its sign-ins (the next sign-in; existing sessions keep theirs). */
    public void assertUpstream(Upstream upstream) {
        String base = "/admin/realms/" + realm + "/clients/" + clientUuid() + "/protocol-mappers/models";
        for (JsonNode mapper : read(send("GET", base, null).body())) {
            send("DELETE", base + "/" + mapper.path("id").asText(), null);
        }
        for (Map<String, Object> mapper : mappers(upstream)) {
            int status = send("POST", base, mapper).statusCode();
            if (status != 201) {
                throw new IllegalStateException("could not set the IdP's " + mapper.get("name") + ": HTTP " + status);
            }
        }
    }

    @Override
    public void close() {
        send("DELETE", "/admin/realms/" + realm, null);
    }

    private static List<Map<String, Object>> mappers(Upstream upstream) {
        List<Map<String, Object>> mappers = new ArrayList<>();
        mappers.add(keycloaks("sub", "oidc-sub-mapper", Map.of()));
        if (upstream.acr() != null) {
            mappers.add(claim("acr", upstream.acr(), "String"));
        } else {
            mappers.add(keycloaks("acr", "oidc-acr-mapper", Map.of()));
        }
        if (upstream.amr() != null) {
            try {
                mappers.add(claim("amr", JSON.writeValueAsString(upstream.amr()), "JSON"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        if (upstream.authTime() != null) {
            mappers.add(claim("auth_time", upstream.authTime().toString(), "long"));
        } else {
            mappers.add(keycloaks("auth_time", "oidc-usersessionmodel-note-mapper",
                    Map.of("user.session.note", "AUTH_TIME", "claim.name", "auth_time", "jsonType.label", "long")));
        }
        return mappers;
    }

    /** One of Keycloak's own mappers of the scopes the client does not have. */
    private static Map<String, Object> keycloaks(String name, String type, Map<String, String> config) {
        Map<String, String> all = new LinkedHashMap<>(config);
        all.putAll(Map.of("id.token.claim", "true", "access.token.claim", "true", "introspection.token.claim", "true"));
        return Map.of("name", "keycloak " + name, "protocol", "openid-connect", "protocolMapper", type, "config", all);
    }

    private static Map<String, Object> claim(String name, String value, String type) {
        return Map.of("name", "asserted " + name, "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config", Map.of("claim.name", name, "claim.value", value, "jsonType.label", type,
                        "id.token.claim", "true", "access.token.claim", "true", "userinfo.token.claim", "false"));
    }

    /** The upstream account's id (its {@code sub}). */
    public String userId() {
        return read(send("GET", "/admin/realms/" + realm + "/users?username=officer&exact=true", null).body()).get(0).path("id").asText();
    }

    private String clientUuid() {
        JsonNode clients = read(send("GET", "/admin/realms/" + realm + "/clients?clientId=" + clientId, null).body());
        return clients.get(0).path("id").asText();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloakUrl + path))
                    .header("Authorization", "Bearer " + masterToken());
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
