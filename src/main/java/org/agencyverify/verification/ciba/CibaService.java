package org.agencyverify.verification.ciba;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.common.ratelimit.Requesters;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.text.OneLineText;
import org.agencyverify.token.TokenIssuer;
import org.agencyverify.token.TrustTokenClaims;
import org.agencyverify.verification.BindingCodes;
import org.agencyverify.verification.CredentialKind;
import org.agencyverify.verification.PurposePolicies;
import org.agencyverify.verification.PurposePolicy;
import org.agencyverify.verification.RequestChecks;
import org.agencyverify.verification.StartLimits;
import org.agencyverify.verification.TrustRule;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationConfig;
import org.agencyverify.verification.VerificationFastState;
import org.agencyverify.verification.VerificationLifecycle;
import org.agencyverify.verification.VerificationProgress;
import org.agencyverify.verification.VerificationState;
import org.agencyverify.verification.ciba.PortalClientAuthentication.Authenticated;

/**
 * Requests that arrived by email, started and polled through CIBA (poll mode). A start names the sender
 * by address only; check 1 (the domain) is answered at once. When the address is an ACTIVE officer's,
 * the officer is told (a link, no secret) and proves it is their request by signing in on the service's
 * page ({@link EmailedRequests}); then, or at once for anyone else, the agency's contacts are asked whether
 * the sender is theirs and sent it ({@link TrustRule#decideSender}), through the same lifecycle, outbox and
 * token issuer as every verification. Both paths answer the portal alike until the outcome. The portal holds only a random {@code auth_req_id}, stored hashed.
 */
@ApplicationScoped
public class CibaService {

    /** What a start answers: the request id to poll, its lifetime and the poll interval, in seconds. */
    public record Started(String authReqId, long expiresIn, long interval) {}

    /** A collected token, with what the token endpoint returns next to it. */
    public record Collected(String accessToken, long expiresIn, List<Map<String, Object>> authorizationDetails) {
        @Override
        public String toString() {
            return "Collected[" + expiresIn + "s]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final RequestChecks checks;
    private final PurposePolicies policies;
    private final VerificationLifecycle lifecycle;
    private final VerificationProgress progress;
    private final VerificationFastState fastState;
    private final StartLimits limits;
    private final VerificationConfig config;
    private final Outbox outbox;

    CibaService(RequestChecks checks, PurposePolicies policies, VerificationLifecycle lifecycle, VerificationProgress progress,
            VerificationFastState fastState, StartLimits limits, VerificationConfig config, Outbox outbox) {
        this.outbox = outbox;
        this.checks = checks;
        this.policies = policies;
        this.lifecycle = lifecycle;
        this.progress = progress;
        this.fastState = fastState;
        this.limits = limits;
        this.config = config;
    }

    public Started start(Authenticated client, CibaRequests.Start request, String source) {
        // As for REST starts (per caller IP, portal, the portal's connection and the sender address it names),
        // and per sender address across portals.
        limits.started(client.clientId(), Requesters.of(null, source), request.sender());
        limits.emailed(request.sender());
        PurposePolicy policy = policies.of(request.purpose());
        Duration lifetime = policy.deadline();
        if (request.requestedExpirySeconds().isPresent()) {
            long asked = request.requestedExpirySeconds().get();
            if (asked > policy.deadline().toSeconds()) {
                throw CibaError.invalidRequest("requested_expiry may be at most " + policy.deadline().toSeconds()
                        + " seconds for " + request.purpose() + ".");
            }
            lifetime = Duration.ofSeconds(asked);
        }
        RequestChecks.Sender sender = checks.sender(request.sender(), request.senderDomain());
        String authReqId = authReqId();
        Duration deadline = lifetime;
        String refusal = QuarkusTransaction.requiringNew().call(() -> record(client, request, policy, sender, authReqId, deadline));
        if ("no-eligible-contact".equals(refusal)) {
            // The agency's contacts, not the sender, decide this: it says nothing of any person.
            throw new CibaError(400, "access_denied", "The sender's agency has no contact who can confirm a "
                    + request.purpose() + " request now; nothing was started.");
        }
        if (refusal != null) {
            // Agencies and their proved domains are public facts: saying so tells nothing of any person.
            throw new CibaError(400, "unknown_user_id", "The sender's domain is not a proved domain of an active agency:"
                    + " no agency can confirm this sender.");
        }
        return new Started(authReqId, lifetime.toSeconds(), interval());
    }

    /** Stores the start as the rule decides it; answers the refusal, or null when the contacts were asked. */
    private String record(Authenticated client, CibaRequests.Start request, PurposePolicy policy, RequestChecks.Sender sender,
            String authReqId, Duration lifetime) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Verification v = newVerification(client, request, sender, authReqId, now);
        TrustRule.Decision decision = TrustRule.decideSender(new TrustRule.SenderFacts(sender.domainKnown(),
                sender.domainProved(), sender.agencyActive(), policy, sender.emergencyApprovers(),
                () -> checks.activeContacts(sender.agencyId())));
        if (decision.refused()) {
            lifecycle.reject(actor(client), v, decision.refusal(), now);
            return decision.refusal();
        }
        if (sender.officerId() != null && sender.officerActive()) {
            // The officer proves it is their request first; the contacts are asked once they have.
            v.officerProof = Verification.OfficerProof.PENDING;
            lifecycle.open(actor(client), v, List.of(), decision.approvalsNeeded(), now.plus(lifetime), now);
            outbox.enqueue(OfficerNoticeDelivery.KIND, v.id);
            outbox.enqueue(AgencySystemNoticeDelivery.KIND, v.id);
            return null;
        }
        lifecycle.open(actor(client), v, decision.contacts(), decision.approvalsNeeded(), now.plus(lifetime), now);
        return null;
    }

    private static Verification newVerification(Authenticated client, CibaRequests.Start request, RequestChecks.Sender sender,
            String authReqId, Instant now) {
        Verification v = new Verification();
        v.id = UUID.randomUUID();
        v.origin = Verification.Origin.CIBA;
        v.cibaRequestHash = hash(authReqId);
        v.portalId = client.portal().id();
        v.audience = client.portal().audience();
        v.requesterEmail = request.sender();
        v.requesterDomain = request.senderDomain();
        v.agencyId = sender.agencyId();
        v.officerId = sender.officerId();
        v.purpose = request.purpose();
        v.caseReference = request.caseReference();
        v.documentDigest = request.documentDigest();
        v.credentialKind = CredentialKind.NONE;
        v.acr = TrustTokenClaims.SENDER_CONFIRMED_ACR;
        v.amr = "[]";
        v.bindingCode = request.bindingMessage().orElseGet(BindingCodes::draw);
        // The case reference and the portal's code are the portal's text: quoted, so they read as data.
        v.bindingMessage = request.sender() + " emailed " + client.portal().name() + " a " + request.purpose()
                + " request in case " + OneLineText.quoted(request.caseReference()) + ". Code " + OneLineText.quoted(v.bindingCode);
        v.createdAt = now;
        v.updatedAt = now;
        return v;
    }

    /**
     * One poll of the token endpoint: the token once, else the state as a CIBA error. Another portal's
     * request, an unknown one and one already collected are the same {@code invalid_grant}.
     */
    public Collected poll(Authenticated client, String authReqId) {
        UUID portalId = client.portal().id();
        UUID id = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>find(
                "cibaRequestHash = ?1 and portalId = ?2", hash(authReqId), portalId).firstResultOptional().map(v -> v.id)
                .orElse(null));
        if (id == null) {
            throw unknownRequest();
        }
        OptionalLong wait = fastState.pollTooSoon(portalId, id);
        if (wait.isPresent()) {
            throw new CibaError(400, "slow_down", "Polled sooner than the interval: wait " + interval()
                    + " seconds between polls.", wait.getAsLong());
        }
        VerificationProgress.Polled polled = progress.poll(actor(client), portalId, id).orElseThrow(CibaService::unknownRequest);
        return switch (polled.state()) {
            case PENDING_CONFIRMATION -> throw new CibaError(400, "authorization_pending",
                    "The agency has not answered yet: poll again after the interval.");
            case DENIED -> throw new CibaError(400, "access_denied", "The agency denied that this sender sent this request.");
            case EXPIRED -> throw new CibaError(400, "expired_token", "Nobody confirmed the request in time: it has expired.");
            case TOKEN_ISSUED -> polled.signed().map(token -> collected(token, id)).orElseThrow(CibaService::unknownRequest);
            case APPROVED, REJECTED -> throw unknownRequest();
        };
    }

    private Collected collected(TokenIssuer.Issued token, UUID verificationId) {
        Verification v = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(verificationId));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("type", TrustTokenClaims.DETAILS_TYPE);
        detail.put("purpose", v.purpose.name());
        detail.put("case_reference", v.caseReference);
        if (v.documentDigest != null) {
            detail.put("document_digest", Map.of("alg", "sha-256", "value", v.documentDigest));
        }
        long expiresIn = Math.max(0, Duration.between(Instant.now(), token.expiresAt()).toSeconds());
        return new Collected(token.token(), expiresIn, List.of(detail));
    }

    private long interval() {
        return Math.max(1, config.pollInterval().toSeconds());
    }

    private static Actor actor(Authenticated client) {
        return new Actor("portal", client.serviceAccount());
    }

    private static CibaError unknownRequest() {
        return new CibaError(400, "invalid_grant",
                "No request of this portal has this auth_req_id, or its token was already collected.");
    }

    private static String authReqId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String authReqId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(authReqId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
