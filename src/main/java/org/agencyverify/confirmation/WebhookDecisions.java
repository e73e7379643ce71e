package org.agencyverify.confirmation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.RateLimits;
import org.agencyverify.common.security.Actor;
import org.agencyverify.confirmation.ConfirmationDtos.DecisionRequest;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactWebhooks;
import org.agencyverify.verification.Confirmation;

/**
 * Decisions signed by an agency's system (the webhook channel). Only the credential fixed at the
 * contact's enrollment can sign for it, the answer must carry the request's one-time secret, be fresh
 * and be new; every failure answers the same 401 and is audited with its reason.
 */
@ApplicationScoped
public class WebhookDecisions {

    /** The signed headers of one answer, as received. */
    public record SignedAnswer(String webhookId, String timestamp, String signature, String body) {}

    private record Signer(Confirmation confirmation, AgencyContact contact) {}

    private static final Actor UNVERIFIED = new Actor("unverified", "webhook");

    private final ContactWebhooks webhooks;
    private final AnswerReplays replays;
    private final ConfirmationService confirmations;
    private final ConfirmationConfig config;
    private final ObjectMapper json;
    private final Validator validator;
    private final RateLimits limits;

    WebhookDecisions(ContactWebhooks webhooks, AnswerReplays replays, ConfirmationService confirmations, ConfirmationConfig config,
            ObjectMapper json, Validator validator, RateLimits limits) {
        this.webhooks = webhooks;
        this.replays = replays;
        this.confirmations = confirmations;
        this.config = config;
        this.json = json;
        this.validator = validator;
        this.limits = limits;
    }

    public ConfirmationService.DecisionResult answer(UUID confirmationId, SignedAnswer answer) {
        // Before the signature check and any lookup: bounds guessing of signatures and secrets.
        limits.confirmation(confirmationId);
        Long timestamp = parseTimestamp(answer.timestamp());
        if (answer.webhookId() == null || answer.webhookId().isBlank() || answer.webhookId().length() > 200
                || timestamp == null || answer.signature() == null) {
            throw refused(confirmationId, "missing-signature-headers", UNVERIFIED);
        }
        Duration skew = Duration.ofSeconds(Math.abs(Instant.now().getEpochSecond() - timestamp));
        if (skew.compareTo(config.signatureTolerance()) > 0) {
            throw refused(confirmationId, "stale-timestamp", UNVERIFIED);
        }
        Signer signer = QuarkusTransaction.requiringNew().call(() -> signer(confirmationId));
        if (signer == null) {
            throw refused(confirmationId, "not-a-webhook-confirmation", UNVERIFIED);
        }
        Actor contact = new Actor("contact", signer.contact().id.toString());
        if (!webhooks.signedBy(signer.contact(), answer.webhookId(), timestamp, answer.body(), answer.signature())) {
            throw refused(confirmationId, "bad-signature", UNVERIFIED);
        }
        DecisionRequest decision = parse(answer.body());
        if (!ConfirmationSecrets.matches(signer.confirmation().secretHash, decision.secret())) {
            throw refused(confirmationId, "wrong-secret", contact);
        }
        if (!replays.firstUse(signer.contact().id, answer.webhookId())) {
            throw refused(confirmationId, "replayed-webhook-id", contact);
        }
        return confirmations.decide(confirmationId, AgencyContact.Channel.WEBHOOK, Confirmation.Decision.valueOf(decision.decision()),
                decision.reason(), contact);
    }

    private static Signer signer(UUID confirmationId) {
        Confirmation confirmation = Confirmation.findById(confirmationId);
        if (confirmation == null || !AgencyContact.Channel.WEBHOOK.name().equals(confirmation.channel)) {
            return null;
        }
        AgencyContact contact = AgencyContact.findById(confirmation.contactId);
        return contact == null ? null : new Signer(confirmation, contact);
    }

    private DecisionRequest parse(String body) {
        DecisionRequest request;
        try {
            request = json.readValue(body, DecisionRequest.class);
        } catch (JsonProcessingException e) {
            throw new ApiException(ProblemType.MALFORMED_REQUEST,
                    "The body must be a JSON object with decision, secret and an optional reason.");
        }
        if (request == null) {
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "The body must be a JSON object with decision, secret and an optional reason.");
        }
        Set<ConstraintViolation<DecisionRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    private ApiException refused(UUID confirmationId, String reason, Actor actor) {
        confirmations.refuseUnauthenticated(confirmationId, reason, actor);
        return new ApiException(ProblemType.CONFIRMATION_SIGNATURE_INVALID, ProblemType.CONFIRMATION_SIGNATURE_INVALID.defaultDetail());
    }

    private static Long parseTimestamp(String value) {
        if (value == null || !value.matches("\\d{1,12}")) {
            return null;
        }
        return Long.parseLong(value);
    }
}
