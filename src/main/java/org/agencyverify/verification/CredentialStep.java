package org.agencyverify.verification;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.common.ratelimit.Requesters;
import org.agencyverify.federation.FederatedAgencies;
import org.agencyverify.identity.KeycloakReachability;
import org.agencyverify.portal.CallingPortals.CallingPortal;
import org.agencyverify.risk.FailureCounters;
import org.agencyverify.verification.VerificationDtos.StartVerification;

/**
 * Check 3, the credentials, and what strangers can and cannot drive with them. Everything a stranger
 * can produce (an unknown user, a wrong password, a junk token) counts against the portal and
 * requester it came through, never against the officer; the officer's and agency's own limits count
 * only starts whose credentials passed ({@link OfficerFailureRule} says which failures count against
 * the officer). Keycloak is asked through a client whose flow never reaches its brute-force lockout.
 */
@ApplicationScoped
public class CredentialStep {

    /** What check 3 found: the refusal (null: passed), Keycloak's answer, the officer's failures in the window. */
    public record Checked(String refusal, CredentialCheck.Result vouched, boolean countedAgainstOfficer, long officerFailures) {}

    private final CredentialCheck credentials;
    private final FailureCounters failures;
    private final StartLimits limits;
    private final KeycloakReachability reachability;
    private final FederatedAgencies federation;
    private final VerificationConfig config;

    CredentialStep(CredentialCheck credentials, FailureCounters failures, StartLimits limits,
            KeycloakReachability reachability, FederatedAgencies federation, VerificationConfig config) {
        this.config = config;
        this.credentials = credentials;
        this.failures = failures;
        this.limits = limits;
        this.reachability = reachability;
        this.federation = federation;
    }

    /**
     * @param peer the connection's address; the requester is the address the portal names, else this one
     */
    public Checked check(CallingPortal portal, StartVerification request, CredentialKind kind, PurposePolicy policy,
            RequestChecks.Subject subject, String peer) {
        String email = request.email();
        // Failures count per portal and requester: requesters at one portal never block those of another.
        String source = portal.id() + "/" + Requesters.of(request.requesterAddress(), peer);
        String refusal = subject.refusal();
        if (refusal == null && !policy.accepts(kind)) {
            refusal = "credential-kind-not-accepted-for-purpose";
        }
        // A blocked source is refused like any failed check, whatever the email, and Keycloak is not asked.
        if (refusal == null && failures.blocked(source, email)) {
            refusal = "source-blocked";
        }
        // A portal's password guesses per officer are bounded, however many requester addresses it names;
        // a requester at which the officer's credentials passed before keeps only its own limits.
        if (refusal == null && kind == CredentialKind.PASSWORD_OTP && failures.passwordChecksSpent(portal.id(), email)
                && !failures.knownRequester(subject.officerId(), source)) {
            refusal = "portal-password-checks-spent";
        }
        CredentialCheck.Result vouched = null;
        if (refusal == null) {
            try {
                vouched = kind == CredentialKind.TOKEN
                        ? credentials.token(request.credentials().token())
                        : credentials.passwordAndOtp(subject.officerEmail(), request.credentials().password(), request.credentials().otp());
                refusal = judge(kind, vouched, subject, policy);
            } catch (DependencyUnavailableException e) {
                if (!"Keycloak".equals(e.dependency())) {
                    throw e;
                }
                // Keycloak went away after this start's look found it up. A stranger's start in the same
                // moment got the uniform refusal without needing Keycloak, so this one gets it too (a 503
                // here would tell an officer from a stranger); every later start answers 503 at once.
                reachability.markUnreachable();
                return new Checked("keycloak-unreachable", null, false, 0);
            }
        }
        if (refusal != null) {
            failures.refused(source, email);
            if (kind == CredentialKind.PASSWORD_OTP && vouched != null) {
                failures.passwordCheckFailed(portal.id(), email);
            }
        } else {
            failures.rememberRequester(subject.officerId(), source);
            // Only someone holding the officer's credentials uses these up.
            limits.passed(subject.officerId(), subject.agencyId());
        }
        boolean counted = OfficerFailureRule.counts(kind, vouched, refusal, subject.officerUserId());
        long officerFailures = subject.officerUserId() == null ? 0
                : counted ? failures.officerFailed(subject.officerId()) : failures.officerFailures(subject.officerId());
        return new Checked(refusal, vouched, counted, officerFailures);
    }

    private String judge(CredentialKind kind, CredentialCheck.Result vouched, RequestChecks.Subject subject, PurposePolicy policy) {
        if (!vouched.passed()) {
            return vouched.refusal();
        }
        if (kind == CredentialKind.PASSWORD_OTP) {
            // That this grant checked a one-time code, DirectGrant already required (CheckedFactors).
            return subject.officerUserId().equals(vouched.subject()) ? null : "keycloak-subject-mismatch";
        }
        return TokenRules.check(vouched.facts(), subject.officerUserId(),
                alias -> federation.acceptedAcr(subject.agencyId(), alias), config.officerTokenClients(), policy, Instant.now())
                .orElse(null);
    }
}
