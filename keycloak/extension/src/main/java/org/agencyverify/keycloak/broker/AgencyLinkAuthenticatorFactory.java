package org.agencyverify.keycloak.broker;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link AgencyLinkAuthenticator} (stateless: one instance serves every flow). */
public class AgencyLinkAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "agency-verify-link-enrolled";
    private static final AgencyLinkAuthenticator INSTANCE = new AgencyLinkAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getDisplayType() {
        return "agency-verify: enrolled account of the agency only";
    }

    @Override
    public String getHelpText() {
        return "First or post broker login: a sign-in through an agency's identity provider becomes the existing, enabled "
                + "officer or agency admin of that agency's organization whose email it asserts at a verified domain, "
                + "or nothing (never an operator or a contact, never a new account).";
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
        return new AuthenticationExecutionModel.Requirement[] {AuthenticationExecutionModel.Requirement.REQUIRED};
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
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}
}
