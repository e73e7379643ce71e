package org.agencyverify.verification.ciba;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.agencyverify.common.security.Actor;
import org.agencyverify.federation.FederatedAgencies;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;
import org.agencyverify.portal.PortalDirectory;
import org.agencyverify.risk.Finding;
import org.agencyverify.risk.RiskDecision;
import org.agencyverify.risk.RiskGate;
import org.agencyverify.risk.RiskPolicy;
import org.agencyverify.risk.Signal;
import org.agencyverify.token.TrustTokenClaims;
import org.agencyverify.verification.ContactSelection;
import org.agencyverify.verification.PurposePolicies;
import org.agencyverify.verification.PurposePolicy;
import org.agencyverify.verification.RequestChecks;
import org.agencyverify.verification.TokenRules;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationLifecycle;
import org.agencyverify.verification.VerificationState;

/**
 * The officer's side of an emailed request from their address: the request is shown, and answered, only
 * to the officer's own Keycloak user, signed in as strongly as the purpose demands of an officer, while the
 * officer and the agency are ACTIVE and the request waits for the officer. "I sent this" asks the agency's
 * contacts (the token will say the officer authenticated); "I did not send this" denies it at once and
 * raises a finding that the officer's mailbox may be someone else's. Anything else is the same empty
 * answer, so the page tells an outsider nothing.
 */
@ApplicationScoped
public class EmailedRequests {

    /** What the officer's page shows. */
    public record OfficerRequestView(UUID verificationId, String officerName, String sender, String portalName,
            String portalAudience, String purpose, String caseReference, String documentDigest, String bindingCode,
            String bindingMessage, Instant expiresAt, boolean open) {}

    /** What the officer says of the request. */
    public enum Answer { SENT, NOT_SENT }

    /** The answer as applied (or not: the request no longer waited), and where the verification stands. */
    public record Answered(OfficerRequestView view, boolean applied, VerificationState state) {}

    private final OfficerDirectory officers;
    private final PortalDirectory portals;
    private final PurposePolicies policies;
    private final RequestChecks checks;
    private final VerificationLifecycle lifecycle;
    private final RiskGate risk;
    private final FederatedAgencies federation;
    private final ObjectMapper json;

    EmailedRequests(OfficerDirectory officers, PortalDirectory portals, PurposePolicies policies, RequestChecks checks,
            VerificationLifecycle lifecycle, RiskGate risk, FederatedAgencies federation, ObjectMapper json) {
        this.officers = officers;
        this.portals = portals;
        this.policies = policies;
        this.checks = checks;
        this.lifecycle = lifecycle;
        this.risk = risk;
        this.federation = federation;
        this.json = json;
    }

    /** The request if it is this user's, as an officer's emailed request, while officer and agency are ACTIVE. */
    @Transactional
    public Optional<OfficerRequestView> forOfficer(UUID verificationId, String subject) {
        return Optional.ofNullable(Verification.<Verification>findById(verificationId)).flatMap(v -> owned(v, subject))
                .map(found -> view(found.v(), found.officer()));
    }

    /**
     * Whether this sign-in may answer the request: as strong and as fresh as the purpose demands of an
     * officer, judged like an officer's token (TokenRules): Keycloak's own steps, or, through an agency's
     * IdP, the agency's own sign-in at an IdP the request's agency linked.
     */
    @Transactional
    public boolean strongEnough(UUID verificationId, TokenRules.Facts signIn) {
        Verification v = Verification.findById(verificationId);
        return v != null && strongEnough(v, signIn, Instant.now());
    }

    /**
     * Applies the officer's answer under the verification's row lock; empty when the request is not this
     * user's. A sign-in too weak for the purpose is refused by the caller before this and checked again here.
     */
    @Transactional
    public Optional<Answered> answer(UUID verificationId, TokenRules.Facts signIn, Answer answer) {
        Verification v = Verification.findById(verificationId, LockModeType.PESSIMISTIC_WRITE);
        Optional<Owned> found = v == null ? Optional.empty() : owned(v, signIn.subject());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (!waits(v, now) || !strongEnough(v, signIn, now)) {
            return Optional.of(new Answered(view(v, found.get().officer()), false, v.state));
        }
        Actor officer = new Actor("officer", v.officerId.toString());
        if (answer == Answer.NOT_SENT) {
            lifecycle.close(officer, v, VerificationState.DENIED, now, Map.of("reason", "officer-did-not-send"));
            risk.record(officer, v.id, v.officerId, new RiskPolicy.Assessment(RiskDecision.DENY, List.of(Finding.of(
                    Signal.MAILBOX_DISOWNED, Map.of("sender", v.requesterEmail, "portalId", v.portalId.toString())))), now);
            return Optional.of(new Answered(view(v, found.get().officer()), true, v.state));
        }
        RequestChecks.Sender sender = checks.sender(v.requesterEmail, v.requesterDomain);
        PurposePolicy policy = policies.of(v.purpose);
        Optional<ContactSelection.Selection> contacts = ContactSelection.select(policy,
                policy.approvers(sender.emergencyApprovers()), checks.activeContacts(v.agencyId), false);
        if (!sender.agencyActive() || contacts.isEmpty()) {
            // Nobody left to confirm it: it can only end, as one nobody answered.
            lifecycle.close(officer, v, VerificationState.EXPIRED, now, Map.of("reason", "no-eligible-contact"));
            return Optional.of(new Answered(view(v, found.get().officer()), true, v.state));
        }
        v.acr = TrustTokenClaims.OFFICER_AUTHENTICATED_ACR;
        v.amr = write(new TreeSet<>(signIn.provedAmr()));
        lifecycle.officerConfirmed(officer, v, contacts.get().contacts(), contacts.get().approvalsNeeded(), now);
        return Optional.of(new Answered(view(v, found.get().officer()), true, v.state));
    }

    private record Owned(Verification v, OfficerSummary officer) {}

    /** The officer's own emailed request, while the officer is ACTIVE; the agency is judged when the contacts are chosen. */
    private Optional<Owned> owned(Verification v, String subject) {
        if (v.origin != Verification.Origin.CIBA || v.officerProof == null || v.officerId == null) {
            return Optional.empty();
        }
        return officers.find(v.officerId).filter(OfficerSummary::active).filter(o -> sameUser(o.keycloakUserId(), subject))
                .map(o -> new Owned(v, o));
    }

    private boolean strongEnough(Verification v, TokenRules.Facts signIn, Instant now) {
        return TokenRules.signIn(signIn, alias -> federation.acceptedAcr(v.agencyId, alias), policies.of(v.purpose), now).isEmpty();
    }

    private static boolean waits(Verification v, Instant now) {
        return v.state == VerificationState.PENDING_CONFIRMATION && v.officerProof == Verification.OfficerProof.PENDING
                && v.expiresAt.isAfter(now);
    }

    private OfficerRequestView view(Verification v, OfficerSummary officer) {
        PortalDirectory.PortalFacts portal = portals.byId(v.portalId).orElseThrow();
        return new OfficerRequestView(v.id, officer.name(), v.requesterEmail, portal.name(), portal.audience(), v.purpose.name(),
                v.caseReference, v.documentDigest, v.bindingCode, v.bindingMessage, v.expiresAt, waits(v, Instant.now()));
    }

    private String write(Set<String> amr) {
        try {
            return json.writeValueAsString(amr);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean sameUser(String registered, String signedIn) {
        return registered != null && signedIn != null
                && MessageDigest.isEqual(registered.getBytes(StandardCharsets.UTF_8), signedIn.getBytes(StandardCharsets.UTF_8));
    }
}
