package org.agencyverify.keycloak.broker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;

/**
 * An identity provider mapper that keeps, on every sign-in through an agency's IdP, how the agency
 * signed its user in ({@link UpstreamSignIn}): from the IdP's validated ID token only, never from its
 * access token or userinfo. Keycloak's own {@code auth_time} and {@code acr} describe the broker's
 * session, which may be fresh while the agency's sign-in is hours old or password-only.
 */
public class UpstreamSignInMapper extends AbstractIdentityProviderMapper {

    public static final String PROVIDER_ID = "agency-verify-upstream-sign-in";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String[] getCompatibleProviders() {
        return new String[] {"oidc", "keycloak-oidc"};
    }

    @Override
    public String getDisplayCategory() {
        return "User Session";
    }

    @Override
    public String getDisplayType() {
        return "agency-verify: upstream sign-in";
    }

    @Override
    public String getHelpText() {
        return "Keeps the identity provider's auth_time, acr and amr (from its ID token) as the user session notes "
                + "idp_auth_time, idp_acr and idp_amr, on every sign-in.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    /**
     * Runs on every sign-in through the IdP, first or not, whatever the IdP's sync mode. (A first
     * sign-in's flow starts afresh and drops these notes; {@link AgencyLinkAuthenticator} writes them
     * again, from the same ID token, once it let the sign-in through.)
     */
    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel,
            BrokeredIdentityContext context) {
        of(context).notes().forEach(context::setSessionNote);
    }

    /** The agency's sign-in as its validated ID token (kept with the brokered identity) tells it. */
    static UpstreamSignIn of(BrokeredIdentityContext context) {
        return UpstreamSignIn.of(claims(context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN)));
    }

    private static Map<String, Object> claims(Object token) {
        Map<String, Object> claims = new HashMap<>();
        if (token instanceof JsonWebToken jwt && jwt.getOtherClaims() != null) {
            claims.putAll(jwt.getOtherClaims());
        }
        if (token instanceof IDToken id) {
            // Parsed as an IDToken, these two are fields rather than other claims.
            claims.putIfAbsent("auth_time", id.getAuth_time());
            claims.putIfAbsent("acr", id.getAcr());
        }
        return claims;
    }
}
