package org.agencyverify.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.text.OneLineText;
import org.agencyverify.portal.CallingPortals.CallingPortal;
import org.agencyverify.risk.Networks;
import org.agencyverify.risk.RiskConfig;
import org.agencyverify.risk.RiskDecision;
import org.agencyverify.risk.RiskGate;
import org.agencyverify.risk.RiskPolicy;
import org.agencyverify.risk.RiskSignals;
import org.agencyverify.verification.VerificationDtos.StartVerification;
import org.agencyverify.verification.VerificationDtos.VerificationView;

/**
 * Starts verifications: gathers the facts of the trust rule (checks 1-3 before the transaction, as
 * check 3 asks Keycloak; risk and contacts inside it), lets {@link TrustRule} decide and stores the
 * outcome through {@link VerificationLifecycle}. A refused start is stored REJECTED with its reason in
 * the audit log; the caller learns only that it was refused.
 */
@ApplicationScoped
public class VerificationService {

    /** What {@link #start} decided: the view of a started verification, or a refusal (id of the REJECTED row). */
    public record Outcome(UUID id, VerificationView started) {
        public boolean refused() {
            return started == null;
        }
    }

    private final RequestChecks checks;
    private final CredentialStep credentialStep;
    private final PurposePolicies policies;
    private final ObjectMapper json;
    private final RiskGate risk;
    private final RiskConfig riskConfig;
    private final VerificationLifecycle lifecycle;
    private final VerificationProgress progress;

    VerificationService(RequestChecks checks, CredentialStep credentialStep, PurposePolicies policies, ObjectMapper json,
            RiskGate risk, RiskConfig riskConfig, VerificationLifecycle lifecycle, VerificationProgress progress) {
        this.checks = checks;
        this.credentialStep = credentialStep;
        this.policies = policies;
        this.json = json;
        this.risk = risk;
        this.riskConfig = riskConfig;
        this.lifecycle = lifecycle;
        this.progress = progress;
    }

    /** Bad input is a 400 naming the field; it says nothing about who exists. */
    public static void validateShape(StartVerification request, CallingPortal portal) {
        var credentials = request.credentials();
        if ("password".equals(credentials.type()) && (blank(credentials.password()) || blank(credentials.otp()))) {
            String field = blank(credentials.password()) ? "credentials.password" : "credentials.otp";
            throw invalid(field, "is required with credentials of type password");
        }
        if ("token".equals(credentials.type()) && blank(credentials.token())) {
            throw invalid("credentials.token", "is required with credentials of type token");
        }
        if (request.audience() != null && !request.audience().equals(portal.audience())) {
            throw invalid("audience", "must be the calling portal's own audience");
        }
    }

    /** @param source the connection's address (the portal's); the requester's is the one the portal names, if any */
    public Outcome start(Actor actor, CallingPortal portal, StartVerification request, String idempotencyKey, String dpopJkt,
            String source) {
        Purpose purpose = Purpose.parse(request.purpose()).orElseThrow();
        PurposePolicy policy = policies.of(purpose);
        CredentialKind kind = "token".equals(request.credentials().type()) ? CredentialKind.TOKEN : CredentialKind.PASSWORD_OTP;
        RequestChecks.Subject subject = checks.agencyAndOfficer(request.email(), request.domain());
        CredentialStep.Checked checked = credentialStep.check(portal, request, kind, policy, subject, source);
        // The new-network signal sees the requester's own network when the portal names its address.
        String requester = request.requesterAddress() != null ? request.requesterAddress().strip() : source;
        Attempt attempt = new Attempt(requester, checked.countedAgainstOfficer(), checked.officerFailures());
        return QuarkusTransaction.requiringNew().call(() ->
                record(actor, portal, request, idempotencyKey, dpopJkt, purpose, policy, kind, subject, checked.refusal(),
                        checked.vouched(), attempt));
    }

    /** Where the start came from and what the credential-failure counters say of it. */
    private record Attempt(String source, boolean credentialFailed, long officerFailures) {}

    /** Stores the start as the trust rule decides it: REJECTED with its reason, or waiting for the chosen contacts. */
    private Outcome record(Actor actor, CallingPortal portal, StartVerification request, String idempotencyKey, String dpopJkt,
            Purpose purpose, PurposePolicy policy, CredentialKind kind, RequestChecks.Subject subject, String credentialRefusal,
            CredentialCheck.Result vouched, Attempt attempt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Verification v = newVerification(portal, request, idempotencyKey, dpopJkt, purpose, kind, subject, attempt, now);
        if (attempt.credentialFailed()) {
            risk.credentialFailed(subject.officerId());
        }
        if (credentialRefusal == null) {
            risk.credentialPassed(subject.officerId());
            v.acr = vouched.provedAcr();
            v.amr = amrJson(vouched);
        }
        TrustRule.Decision decision = TrustRule.decide(new TrustRule.Facts(subject.standing(), credentialRefusal, policy,
                subject.emergencyApprovers(),
                () -> risk.assess(new RiskSignals.Attempt(subject.officerId(), subject.officerEmail(), subject.agencyId(),
                        portal.id(), purpose, v.sourceNetwork, attempt.officerFailures(), now)),
                () -> checks.activeContacts(subject.agencyId())));
        if (decision.assessment() != null) {
            v.riskDecision = decision.assessment().decision();
        }
        String who = decision.refused() ? v.requesterEmail : subject.officerName() + " (" + subject.agencyName() + ")";
        // The case reference is the requester's own text: quoted, so it reads as data and the code stays the service's.
        v.bindingMessage = who + " asks " + portal.name() + " for " + purpose + " in case " + OneLineText.quoted(v.caseReference)
                + ". Code " + v.bindingCode;
        if (decision.refused()) {
            lifecycle.reject(actor, v, decision.refusal(), now);
            recordRisk(actor, v, decision.assessment(), now);
            return new Outcome(v.id, null);
        }
        lifecycle.open(actor, v, decision.contacts(), decision.approvalsNeeded(), now.plus(policy.deadline()), now);
        recordRisk(actor, v, decision.assessment(), now);
        return new Outcome(v.id, progress.view(v, Optional.empty()));
    }

    private Verification newVerification(CallingPortal portal, StartVerification request, String idempotencyKey, String dpopJkt,
            Purpose purpose, CredentialKind kind, RequestChecks.Subject subject, Attempt attempt, Instant now) {
        Verification v = new Verification();
        v.id = UUID.randomUUID();
        v.portalId = portal.id();
        v.audience = portal.audience();
        v.requesterEmail = request.email().toLowerCase(Locale.ROOT);
        v.requesterDomain = request.domain().toLowerCase(Locale.ROOT);
        v.agencyId = subject.agencyId();
        v.officerId = subject.officerId();
        v.purpose = purpose;
        v.caseReference = request.caseReference().trim();
        v.documentDigest = request.documentDigest() == null ? null : request.documentDigest().toLowerCase(Locale.ROOT);
        v.credentialKind = kind;
        v.idempotencyKey = idempotencyKey;
        v.dpopJkt = dpopJkt;
        v.bindingCode = BindingCodes.draw();
        v.createdAt = now;
        v.updatedAt = now;
        v.sourceNetwork = Networks.of(attempt.source(), riskConfig.ipv4Prefix(), riskConfig.ipv6Prefix()).orElse(null);
        return v;
    }

    private void recordRisk(Actor actor, Verification v, RiskPolicy.Assessment assessment, Instant now) {
        if (assessment == null) {
            return;
        }
        risk.record(actor, v.id, v.officerId, assessment, now);
        if (assessment.decision() == RiskDecision.SUSPEND_OFFICER) {
            risk.suspend(v.officerId, "risk:" + String.join(",", assessment.names()));
        }
    }

    private String amrJson(CredentialCheck.Result vouched) {
        try {
            return json.writeValueAsString(vouched.provedAmr());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(ProblemType.INVALID_REQUEST, "Invalid fields: " + field + ". See errors for what each must be.",
                List.of(new Problem.FieldError(field, message)));
    }
}
