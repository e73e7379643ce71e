package org.agencyverify.keycloak.credentials;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The direct-grant flow of the service's own confidential client: user, password and one-time code in
 * one step, WITHOUT Keycloak's brute-force detection. Every refusal is a forced challenge, never
 * {@code context.failure()}: only a FAILED or FAILURE_CHALLENGE result makes Keycloak call
 * {@code AuthenticationProcessor.logFailure} and so {@code BruteForceProtector.failedLogin}. And the
 * realm's lockout is not consulted, so strangers' guesses through the service can never lock the real
 * officer out (the service throttles this path itself, per portal and requester). Keycloak's own
 * pages keep their brute-force protection.
 */
public class CredentialCheckAuthenticator implements Authenticator {

    /**
     * The user-session note, mapped into the grant's access token as a claim of the same name by a mapper on
     * the service's client: what this flow checked. The service refuses a grant without it, so a client
     * re-bound to another flow (one that skips the code) cannot pass for this one.
     */
    public static final String CHECKED_FACTORS_NOTE = "agency_verify_factors";
    static final String CHECKED_FACTORS = "pwd otp";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String username = form.getFirst("username");
        String password = form.getFirst("password");
        String otp = form.getFirst("otp") != null ? form.getFirst("otp") : form.getFirst("totp");
        UserModel user = find(context, username);
        if (user == null) {
            // Costs the same as checking a password, so timing tells no one whether the user exists.
            AuthenticatorUtils.dummyHash(context);
        }
        CredentialVerdict verdict = CredentialVerdict.of(usable(user),
                () -> password != null && user.credentialManager().isValid(UserCredentialModel.password(password)),
                () -> user.credentialManager().isConfiguredFor(OTPCredentialModel.TYPE),
                () -> otp != null && validOtp(context, user, otp));
        if (verdict == CredentialVerdict.PASSED) {
            context.setUser(user);
            context.getAuthenticationSession().setUserSessionNote(CHECKED_FACTORS_NOTE, CHECKED_FACTORS);
            context.success(OTPCredentialModel.TYPE);
            return;
        }
        if (user != null) {
            context.getEvent().user(user);
        }
        context.getEvent().detail(Details.REASON, "agency-verify credential check: " + verdict.failedFactor());
        context.getEvent().error(user == null ? Errors.USER_NOT_FOUND : Errors.INVALID_USER_CREDENTIALS);
        context.forceChallenge(refusal(verdict));
    }

    private static UserModel find(AuthenticationFlowContext context, String username) {
        if (username == null || username.isBlank()) {
            return null;
        }
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), username);
        } catch (ModelDuplicateException e) {
            return null;
        }
    }

    private static boolean usable(UserModel user) {
        return user != null && user.isEnabled() && user.getServiceAccountClientLink() == null;
    }

    /** The user's default OTP credential, as Keycloak's own direct-grant step uses; each code is taken once. */
    private static boolean validOtp(AuthenticationFlowContext context, UserModel user, String otp) {
        CredentialModel credential = user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .findFirst().orElse(null);
        return credential != null
                && user.credentialManager().isValid(new UserCredentialModel(credential.getId(), OTPCredentialModel.TYPE, otp));
    }

    /** Keycloak's usual refusal of a direct grant, plus the factor that failed (for the service only). */
    private static Response refusal(CredentialVerdict verdict) {
        return Response.status(Response.Status.BAD_REQUEST).entity(refusalBody(verdict)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Map<String, String> refusalBody(CredentialVerdict verdict) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", "invalid_grant");
        body.put("error_description", "Invalid user credentials");
        body.put("failed_factor", verdict.failedFactor());
        return body;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // A direct grant is one request: nothing comes back to act on.
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
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Nothing to set up: a user without an OTP credential is simply refused.
    }

    @Override
    public void close() {
        // No resources.
    }
}
