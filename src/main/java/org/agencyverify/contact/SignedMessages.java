package org.agencyverify.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;

/**
 * Messages an agency's system signs for one of its webhook contacts (decisions, compromise reports):
 * Standard Webhooks headers, a timestamp within {@link SignedMessageConfig#signatureTolerance the tolerance},
 * and a signature with the credential fixed at the contact's enrollment; callers refuse replays with
 * {@link AnswerReplays}. Each caller decides what a refusal answers and audits it.
 */
@ApplicationScoped
public class SignedMessages {

    /** The signed headers and the exact body of one message, as received. */
    public record Signed(String webhookId, String timestamp, String signature, String body) {}

    private final ContactWebhooks webhooks;
    private final ObjectMapper json;
    private final Validator validator;

    SignedMessages(ContactWebhooks webhooks, ObjectMapper json, Validator validator) {
        this.webhooks = webhooks;
        this.json = json;
        this.validator = validator;
    }

    /** A refusal reason from the headers alone (checked before anything is looked up), or empty. */
    public static Optional<String> headerRefusal(Signed signed, Duration tolerance) {
        Long timestamp = timestamp(signed);
        if (signed.webhookId() == null || signed.webhookId().isBlank() || signed.webhookId().length() > 200 || timestamp == null
                || signed.signature() == null) {
            return Optional.of("missing-signature-headers");
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Optional.of("stale-timestamp");
        }
        return Optional.empty();
    }

    /** Whether the contact's own credential signed it; call after {@link #headerRefusal} found nothing. */
    public boolean signedBy(ContactSummary contact, Signed signed) {
        Long timestamp = timestamp(signed);
        return timestamp != null && webhooks.signedBy(contact, signed.webhookId(), timestamp, signed.body(), signed.signature());
    }

    /** The body as {@code type}, Bean-validated: a 400 that names the field, or a malformed-request problem. */
    public <T> T body(Signed signed, Class<T> type, String malformedDetail) {
        T value;
        try {
            value = signed.body() == null ? null : json.readValue(signed.body(), type);
        } catch (JsonProcessingException e) {
            value = null;
        }
        if (value == null) {
            throw new ApiException(ProblemType.MALFORMED_REQUEST, malformedDetail);
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return value;
    }

    private static Long timestamp(Signed signed) {
        String value = signed.timestamp();
        return value != null && value.matches("\\d{1,12}") ? Long.parseLong(value) : null;
    }
}
