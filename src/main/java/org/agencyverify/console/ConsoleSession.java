package org.agencyverify.console;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.crypto.FormTokens;
import org.agencyverify.common.crypto.SecretsConfig;
import org.agencyverify.common.security.AdminRoleAugmentor;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The person signed in to the console (tenant {@code console}: the principal is their ID token) and what
 * the console lets them do. Roles come as the admin API has them: {@link AdminRoleAugmentor} has already
 * taken out those a password-only or too old sign-in may not use, so such a person is sent to sign in
 * again and sees nothing. Every form carries a CSRF token bound to the user, the Keycloak session and
 * the form's subject.
 */
@RequestScoped
public class ConsoleSession {

    private static final String CSRF_LABEL = "agency-verify console csrf v1";
    /** The CSRF subject of the operator pages' forms. */
    static final String OPERATOR_FORMS = "operator";

    private final SecurityIdentity identity;
    private final CurrentCaller caller;
    private final FormTokens csrf;

    ConsoleSession(SecurityIdentity identity, CurrentCaller caller, SecretsConfig secrets) {
        this.identity = identity;
        this.caller = caller;
        this.csrf = new FormTokens(secrets, CSRF_LABEL);
    }

    /** The page to answer instead when the person may use no console page at all. */
    Optional<Response> refusal() {
        Caller who = caller.get();
        if (who.has(Roles.OPERATOR) || who.has(Roles.AGENCY_ADMIN)) {
            return Optional.empty();
        }
        return Optional.of(AdminRoleAugmentor.withheldUntilStepUp(identity).isEmpty() ? ConsolePages.forbidden()
                : ConsolePages.stepUp());
    }

    /** {@link #refusal()}, then operators only (the services of the operator pages trust their caller's role). */
    Optional<Response> operatorRefusal() {
        Optional<Response> refused = refusal();
        if (refused.isPresent()) {
            return refused;
        }
        return isOperator() ? Optional.empty() : Optional.of(ConsolePages.forbidden());
    }

    /** {@link #operatorRefusal()}, then the operator form's CSRF token. */
    Optional<Response> operatorFormRefusal(String presented) {
        Optional<Response> refused = operatorRefusal();
        if (refused.isPresent()) {
            return refused;
        }
        return csrfMatches(OPERATOR_FORMS, presented) ? Optional.empty() : Optional.of(ConsolePages.staleForm());
    }

    /** {@link #refusal()}, then an agency id (anything else is answered like an agency not theirs), then its form's CSRF token. */
    Optional<Response> agencyFormRefusal(Optional<UUID> agencyId, String presented) {
        Optional<Response> refused = refusal();
        if (refused.isPresent()) {
            return refused;
        }
        if (agencyId.isEmpty()) {
            return Optional.of(ConsolePages.forbidden());
        }
        return csrfMatches(agencyId.get().toString(), presented) ? Optional.empty() : Optional.of(ConsolePages.staleForm());
    }

    Caller caller() {
        return caller.get();
    }

    boolean isOperator() {
        return caller.get().has(Roles.OPERATOR);
    }

    /** The CSRF token of this person's forms about {@code subject} (an agency id, "operator"...). */
    String csrf(String subject) {
        return csrf.token(caller.get().subject(), sessionId(), subject);
    }

    boolean csrfMatches(String subject, String presented) {
        return csrf.matches(presented, caller.get().subject(), sessionId(), subject);
    }

    private String sessionId() {
        String sid = identity.getPrincipal() instanceof JsonWebToken token ? token.getClaim("sid") : null;
        // A token without a Keycloak session cannot have a form of ours.
        return sid == null ? "no-session" : sid;
    }
}
