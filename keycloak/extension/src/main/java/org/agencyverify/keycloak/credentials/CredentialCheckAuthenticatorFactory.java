package org.agencyverify.keycloak.credentials;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Registers {@link CredentialCheckAuthenticator} as {@value #PROVIDER_ID}. The realm uses it in the
 * direct-grant flow {@code agency-verify credential check}, bound to the confidential client
 * {@code agency-verify-credential-check} only (keycloak/realm-agency-verify.json).
 */
public class CredentialCheckAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "agency-verify-credential-check";

    private static final CredentialCheckAuthenticator SINGLETON = new CredentialCheckAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getDisplayType() {
        return "agency-verify credential check (no lockout)";
    }

    @Override
    public String getHelpText() {
        return "Direct grant only: validates username, password and OTP in one step without consulting or feeding the realm's"
                + " brute-force detection. For the agency-verify service's own confidential client, which throttles the path itself.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED,
                AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public void init(Config.Scope config) {
        // No configuration.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public void close() {
        // No resources.
    }
}
