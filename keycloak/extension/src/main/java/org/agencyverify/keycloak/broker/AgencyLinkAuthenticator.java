package org.agencyverify.keycloak.broker;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The only step of agency-verify's first-broker-login flow, and of its post-broker-login flow: a
 * sign-in through an agency's IdP becomes the one existing account {@link LinkRule} allows, or
 * nothing. It never creates an account. A refusal shows one page that names neither the reason nor
 * the account, and is recorded as a Keycloak error event ({@value #EVENT_ERROR}, detail
 * {@code reason}) that agency-verify copies into its audit chain.
 */
public class AgencyLinkAuthenticator implements Authenticator {

    public static final String EVENT_ERROR = "agency_verify_link_refused";
    /** No apostrophes or braces: Keycloak formats the message with java.text.MessageFormat. */
    static final String REFUSAL_MESSAGE = "Signing in through this identity provider is not possible for this account. "
            + "Contact your agency administrator.";
    private static final String POST_BROKER_LOGIN = "post-broker-login";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        boolean later = POST_BROKER_LOGIN.equals(context.getFlowPath());
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SerializedBrokeredIdentityContext serialized = SerializedBrokeredIdentityContext.readFromAuthenticationSession(authSession,
                later ? PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT : AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE);
        if (serialized == null) {
            refuse(context, "no-brokered-identity", null, later ? context.getUser() : null);
            return;
        }
        BrokeredIdentityContext broker = serialized.deserialize(session, authSession);
        IdentityProviderModel idp = broker.getIdpConfig();
        String email = broker.getEmail();
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        LinkRule.Organization organization = organization(organizations, idp);
        if (later) {
            UserModel linked = context.getUser();
            String refusal = linked == null ? "no-linked-account"
                    : LinkRule.laterSignIn(email, organization, account(session, realm, organizations, linked, idp)).orElse(null);
            if (refusal != null) {
                refuse(context, refusal, email, linked);
                return;
            }
            keepUpstreamSignIn(authSession, broker);
            context.success();
            return;
        }
        List<UserModel> holders = holders(session, realm, email);
        List<LinkRule.Account> accounts = holders.stream().map(user -> account(session, realm, organizations, user, idp)).toList();
        String refusal = LinkRule.firstSignIn(email, organization, accounts).orElse(null);
        if (refusal != null) {
            refuse(context, refusal, email, holders.size() == 1 ? holders.get(0) : null);
            return;
        }
        context.setUser(holders.get(0));
        keepUpstreamSignIn(authSession, broker);
        context.success();
    }

    /** Keycloak starts a first sign-in's flow afresh, dropping the notes the IdP mapper wrote: write them again. */
    private static void keepUpstreamSignIn(AuthenticationSessionModel authSession, BrokeredIdentityContext broker) {
        UpstreamSignInMapper.of(broker).notes().forEach(authSession::setUserSessionNote);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // The step shows no form; anything posted to it is judged afresh.
        authenticate(context);
    }

    private static LinkRule.Organization organization(OrganizationProvider organizations, IdentityProviderModel idp) {
        OrganizationModel organization = organizations == null || idp.getOrganizationId() == null ? null
                : organizations.getById(idp.getOrganizationId());
        if (organization == null) {
            return null;
        }
        Map<String, Boolean> domains = organization.getDomains().collect(Collectors.toMap(
                domain -> domain.getName().toLowerCase(Locale.ROOT), OrganizationDomainModel::isVerified, Boolean::logicalAnd));
        return new LinkRule.Organization(organization.getId(), domains);
    }

    /** Every account holding exactly this email (the realm allows one; a duplicate is refused, not guessed). */
    private static List<UserModel> holders(KeycloakSession session, RealmModel realm, String email) {
        if (LinkRule.domainOf(email) == null) {
            return List.of();
        }
        try {
            UserModel user = session.users().getUserByEmail(realm, email);
            return user == null ? List.of() : List.of(user);
        } catch (ModelDuplicateException e) {
            return session.users().searchForUserStream(realm, Map.of(UserModel.EMAIL, email))
                    .filter(user -> email.equalsIgnoreCase(user.getEmail())).toList();
        }
    }

    private static LinkRule.Account account(KeycloakSession session, RealmModel realm, OrganizationProvider organizations,
            UserModel user, IdentityProviderModel idp) {
        Set<String> roles = Stream.of(LinkRule.OFFICER, LinkRule.AGENCY_ADMIN, LinkRule.OPERATOR, LinkRule.CONTACT)
                .filter(name -> {
                    RoleModel role = realm.getRole(name);
                    return role != null && user.hasRole(role);
                })
                .collect(Collectors.toSet());
        Set<String> memberOf = organizations == null ? Set.of()
                : organizations.getByMember(user).map(OrganizationModel::getId).collect(Collectors.toSet());
        boolean linked = session.users().getFederatedIdentity(realm, user, idp.getAlias()) != null;
        return new LinkRule.Account(user.getEmail(), user.isEnabled(), roles, memberOf, linked);
    }

    private static void refuse(AuthenticationFlowContext context, String reason, String email, UserModel target) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // Keycloak would count this failure against the account it thinks was attempted (brute-force
        // protection): an agency IdP could then lock out any account whose email it asserts.
        authSession.removeAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        authSession.setAuthenticatedUser(null);
        // A clone: the flow's own event builder is sent once more after the flow, as a success.
        EventBuilder event = context.getEvent().clone().detail(Details.REASON, reason);
        if (email != null) {
            event.detail(Details.EMAIL, email.toLowerCase(Locale.ROOT));
        }
        if (target != null) {
            event.user(target);
        }
        event.error(EVENT_ERROR);
        Response page = context.form().setError(REFUSAL_MESSAGE).createErrorPage(Response.Status.FORBIDDEN);
        context.failure(AuthenticationFlowError.ACCESS_DENIED, page);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

    @Override
    public void close() {}
}
