package org.agencyverify.portal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.security.Roles;
import org.agencyverify.identity.KeycloakAdmin;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A portal's confidential Keycloak client: client credentials only, a service account with the
 * realm role {@code portal}, and an audience mapper so its tokens are accepted by this API.
 * Every call goes through {@link KeycloakAdmin}.
 */
@ApplicationScoped
public class PortalClients {

    static final String API_AUDIENCE = "agency-verify-api";

    private final KeycloakAdmin keycloak;
    private final String tokenEndpoint;

    PortalClients(KeycloakAdmin keycloak, AgencyVerifyConfig config) {
        this.keycloak = keycloak;
        this.tokenEndpoint = config.keycloak().issuer() + "/protocol/openid-connect/token";
    }

    /** Where a portal's client gets its client-credentials tokens. */
    public String tokenEndpoint() {
        return tokenEndpoint;
    }

    /** Creates the client with this secret and returns its Keycloak UUID; 409 from Keycloak if the client id is taken. */
    public String create(String clientId, String name, String portalId, String secret) {
        return keycloak.create("create portal client", realm -> realm.clients().create(representation(clientId, name, portalId, secret)));
    }

    /** Grants the realm role {@code portal} to the client's service account. */
    public void grantPortalRole(String clientUuid) {
        keycloak.run("grant portal role", realm -> {
            UserRepresentation account = realm.clients().get(clientUuid).getServiceAccountUser();
            RoleRepresentation role = realm.roles().get(Roles.PORTAL).toRepresentation();
            realm.users().get(account.getId()).roles().realmLevel().add(List.of(role));
        });
    }

    public void delete(String clientUuid) {
        keycloak.compensate("delete portal client", realm -> realm.clients().get(clientUuid).remove());
    }

    public void setEnabled(String clientUuid, boolean enabled) {
        keycloak.run(enabled ? "enable portal client" : "disable portal client", realm -> {
            ClientRepresentation client = realm.clients().get(clientUuid).toRepresentation();
            client.setEnabled(enabled);
            realm.clients().get(clientUuid).update(client);
        });
    }

    /** Undo of {@link #setEnabled}, for when the database does not commit: never throws. */
    public void restoreEnabled(String clientUuid, boolean enabled) {
        keycloak.compensate("restore portal client state", realm -> {
            ClientRepresentation client = realm.clients().get(clientUuid).toRepresentation();
            client.setEnabled(enabled);
            realm.clients().get(clientUuid).update(client);
        });
    }

    /** Replaces the client secret; the old one stops working at once. */
    public String regenerateSecret(String clientUuid) {
        return keycloak.call("rotate portal client secret", realm -> realm.clients().get(clientUuid).generateNewSecret().getValue());
    }

    private static ClientRepresentation representation(String clientId, String name, String portalId, String secret) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setName(name);
        client.setDescription("agency-verify portal " + portalId);
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(false);
        client.setBearerOnly(false);
        client.setClientAuthenticatorType("client-secret");
        client.setSecret(secret);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setFrontchannelLogout(false);
        client.setFullScopeAllowed(true);
        client.setAttributes(Map.of(
                "oauth2.device.authorization.grant.enabled", "false",
                "oidc.ciba.grant.enabled", "false",
                "standard.token.exchange.enabled", "false",
                "client_credentials.use_refresh_token", "false",
                "portal.id", portalId));
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("agency-verify-api audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of(
                "included.client.audience", API_AUDIENCE,
                "access.token.claim", "true",
                "id.token.claim", "false",
                "introspection.token.claim", "true"));
        client.setProtocolMappers(List.of(audience));
        return client;
    }
}
