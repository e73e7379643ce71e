package org.agencyverify.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.agencyverify.common.crypto.Hmacs;
import org.agencyverify.common.crypto.SecretsConfig;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.Requesters;
import org.agencyverify.common.security.Caller;
import org.agencyverify.identity.KeycloakReachability;
import org.agencyverify.portal.CallingPortals;
import org.agencyverify.portal.CallingPortals.CallingPortal;
import org.agencyverify.verification.VerificationDtos.StartVerification;
import org.agencyverify.verification.VerificationDtos.VerificationView;

/**
 * What stands between the REST layer and {@link VerificationService}: the calling portal, the
 * Idempotency-Key, the uniform refusal and its timing floor, and the polling interval.
 */
@ApplicationScoped
public class VerificationGate {

    /** The one answer to every failure of checks 1-3: no field, no reason. */
    static final String REFUSED_DETAIL = "The requester could not be verified. Nothing was started; no reason is given.";

    private final VerificationService verifications;
    private final VerificationFastState fastState;
    private final CallingPortals portals;
    private final VerificationConfig config;
    private final ObjectMapper json;
    private final StartLimits limits;
    private final byte[] bodyKey;
    private final PortalOutcomes outcomes;
    private final VerificationProgress progress;
    private final KeycloakReachability reachability;

    VerificationGate(VerificationService verifications, VerificationFastState fastState, CallingPortals portals,
            VerificationConfig config, ObjectMapper json, SecretsConfig secrets, StartLimits limits, PortalOutcomes outcomes,
            VerificationProgress progress, KeycloakReachability reachability) {
        this.reachability = reachability;
        this.outcomes = outcomes;
        this.progress = progress;
        this.verifications = verifications;
        this.fastState = fastState;
        this.portals = portals;
        this.config = config;
        this.json = json;
        this.limits = limits;
        // A keyed hash: the body holds a password and OTP, whose plain digest Redis must not keep.
        this.bodyKey = Hmacs.sha256(Base64.getDecoder().decode(secrets.keyEncryptionSecret()),
                "agency-verify idempotency body".getBytes(StandardCharsets.UTF_8));
    }

    /** The calling portal, ACTIVE; 403 for any other caller (a suspended portal's live token included). */
    public CallingPortal portal(String clientId) {
        return portals.active(clientId).orElseThrow(() -> new ApiException(ProblemType.FORBIDDEN,
                "Only an ACTIVE registered portal may use the verification API."));
    }

    /** Starts a verification, or answers what the same Idempotency-Key answered before. */
    public VerificationView start(Caller caller, String clientId, StartVerification request, String idempotencyKey, String dpopJkt,
            String source, long startedNanos) {
        if (request.requesterAddress() != null && !Requesters.isAddress(request.requesterAddress())) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "Invalid fields: requesterAddress. See errors for what each must be.",
                    List.of(new Problem.FieldError("requesterAddress", "must be an IPv4 or IPv6 address")));
        }
        // Before any check, even of the portal: a flood costs one Redis round trip per request. Every
        // key is the caller's own (its address, its portal, the requester it names).
        limits.started(clientId, Requesters.of(request.requesterAddress(), source), request.email());
        CallingPortal portal = portal(clientId);
        VerificationService.validateShape(request, portal);
        // Before anything about the requester is read: while Keycloak is down, every start answers the same 503.
        reachability.require();
        if (idempotencyKey == null) {
            return answer(verifications.start(caller.actor(), portal, request, null, dpopJkt, source), startedNanos);
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "Invalid fields: Idempotency-Key. See errors for what each must be.",
                    List.of(new Problem.FieldError("header.Idempotency-Key", "must be 1 to 200 characters")));
        }
        String hash = bodyHash(request);
        String earlier = fastState.claimIdempotencyKey(portal.id(), idempotencyKey, stored(hash, "PENDING", null));
        if (earlier != null) {
            return replay(caller, portal, hash, earlier, startedNanos);
        }
        VerificationService.Outcome outcome;
        try {
            outcome = verifications.start(caller.actor(), portal, request, idempotencyKey, dpopJkt, source);
        } catch (RuntimeException e) {
            fastState.releaseIdempotencyKey(portal.id(), idempotencyKey);
            throw e;
        }
        fastState.storeIdempotentAnswer(portal.id(), idempotencyKey,
                stored(hash, outcome.refused() ? "REFUSED" : "STARTED", outcome.id()));
        return answer(outcome, startedNanos);
    }

    public Optional<VerificationView> find(Caller caller, String clientId, UUID id) {
        CallingPortal portal = portal(clientId);
        OptionalLong wait = fastState.pollTooSoon(portal.id(), id);
        if (wait.isPresent()) {
            throw new SlowDownException(wait.getAsLong());
        }
        return progress.find(caller.actor(), portal.id(), id);
    }

    public Optional<VerificationDtos.OutcomeView> outcome(Caller caller, String clientId, UUID id, VerificationDtos.OutcomeReport report) {
        return outcomes.report(caller.actor(), portal(clientId).id(), id, report);
    }

    private VerificationView replay(Caller caller, CallingPortal portal, String hash, String earlier, long startedNanos) {
        JsonNode stored = read(earlier);
        if (!hash.equals(stored.path("hash").asText())) {
            throw new ApiException(ProblemType.CONFLICT,
                    "This Idempotency-Key was already used with another request body. Use a new key for a new request.");
        }
        return switch (stored.path("outcome").asText()) {
            case "STARTED" -> progress.find(caller.actor(), portal.id(), UUID.fromString(stored.path("id").asText()))
                    .orElseThrow(() -> new IllegalStateException("idempotent verification vanished"));
            case "REFUSED" -> answer(new VerificationService.Outcome(UUID.fromString(stored.path("id").asText()), null), startedNanos);
            default -> throw new ApiException(ProblemType.CONFLICT,
                    "A request with this Idempotency-Key is still being processed. Retry in a moment.");
        };
    }

    private VerificationView answer(VerificationService.Outcome outcome, long startedNanos) {
        if (!outcome.refused()) {
            return outcome.started();
        }
        padTo(startedNanos + config.refusalFloor().toNanos());
        throw new ApiException(ProblemType.VERIFICATION_REFUSED, REFUSED_DETAIL);
    }

    private static void padTo(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String stored(String hash, String outcome, UUID id) {
        try {
            return json.writeValueAsString(Map.of("hash", hash, "outcome", outcome, "id", id == null ? "" : id.toString()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String stored) {
        try {
            return json.readTree(stored);
        } catch (java.io.IOException e) {
            Log.warn("Unreadable idempotency record; treating the key as in use");
            return json.createObjectNode();
        }
    }

    private String bodyHash(StartVerification request) {
        try {
            return HexFormat.of().formatHex(Hmacs.sha256(bodyKey, json.writeValueAsBytes(request)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
