package org.agencyverify.verification.ciba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.common.text.OneLineText;

/**
 * The shape rules of a backchannel authentication request (plain Java): what a portal may send, and
 * the CIBA error for anything else. Nothing here reads who exists.
 */
public final class CibaRequests {

    /** The RFC 9396 type of the one authorization detail a request carries. */
    public static final String DETAILS_TYPE = "law_enforcement_request";
    public static final int MAX_BINDING_MESSAGE = 64;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile(
            "[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

    /** A request that passed the shape rules; the sender's address lower-cased. */
    public record Start(String sender, String senderDomain, Optional<String> bindingMessage, Purpose purpose,
            String caseReference, String documentDigest, Optional<Long> requestedExpirySeconds) {}

    /** The form fields of the request, as received (null when absent). */
    public record Form(String loginHint, String loginHintToken, String idTokenHint, String bindingMessage,
            String authorizationDetails, String requestedExpiry) {}

    private CibaRequests() {}

    public static Start parse(Form form) {
        if (form.loginHintToken() != null || form.idTokenHint() != null) {
            throw CibaError.invalidRequest("Only login_hint is supported: send the sender's email address in login_hint.");
        }
        String sender = sender(form.loginHint());
        Optional<String> binding = bindingMessage(form.bindingMessage());
        JsonNode detail = detail(form.authorizationDetails());
        Purpose purpose = Purpose.parse(detail.path("purpose").asText("")).orElseThrow(() -> CibaError.invalidRequest(
                "authorization_details.purpose must be one of " + Purpose.PATTERN.replace("|", ", ") + "."));
        String caseReference = detail.path("case_reference").asText("").strip();
        if (caseReference.isEmpty() || caseReference.length() > 200 || !OneLineText.isOneLine(caseReference)) {
            throw CibaError.invalidRequest("authorization_details.case_reference is required: " + OneLineText.RULE
                    + ", at most 200 characters.");
        }
        return new Start(sender, sender.substring(sender.lastIndexOf('@') + 1), binding, purpose, caseReference,
                digest(detail.get("document_digest")), expiry(form.requestedExpiry()));
    }

    private static String sender(String loginHint) {
        if (loginHint == null || loginHint.isBlank()) {
            throw CibaError.invalidRequest("login_hint is required: the email address the request was sent from.");
        }
        String value = loginHint.strip();
        if (value.length() > 320 || !ADDRESS.matcher(value).matches() || !OneLineText.isOneLine(value)) {
            throw CibaError.invalidRequest("login_hint must be an email address (name@domain), as the request was sent from.");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static Optional<String> bindingMessage(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBlank() || value.length() > MAX_BINDING_MESSAGE || !OneLineText.isOneLine(value)) {
            throw new CibaError(400, "invalid_binding_message", "binding_message " + OneLineText.RULE + ", 1 to "
                    + MAX_BINDING_MESSAGE + " characters: a short code the portal also shows its people.");
        }
        return Optional.of(value.strip());
    }

    private static JsonNode detail(String value) {
        String shape = "authorization_details must be a JSON array of one object of type " + DETAILS_TYPE
                + " with purpose, case_reference and optionally document_digest {\"alg\":\"sha-256\",\"value\":<64 hex digits>}.";
        if (value == null || value.isBlank()) {
            throw CibaError.invalidRequest(shape);
        }
        JsonNode details;
        try {
            details = JSON.readTree(value);
        } catch (IOException e) {
            throw CibaError.invalidRequest(shape);
        }
        if (details == null || !details.isArray() || details.size() != 1 || !details.get(0).isObject()
                || !DETAILS_TYPE.equals(details.get(0).path("type").asText())) {
            throw CibaError.invalidRequest(shape);
        }
        return details.get(0);
    }

    private static String digest(JsonNode digest) {
        if (digest == null || digest.isNull()) {
            return null;
        }
        String value = digest.path("value").asText("");
        if (!"sha-256".equals(digest.path("alg").asText()) || !DIGEST.matcher(value).matches()) {
            throw CibaError.invalidRequest(
                    "authorization_details.document_digest must be {\"alg\":\"sha-256\",\"value\":<64 hex digits>}.");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static Optional<Long> expiry(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds > 0) {
                return Optional.of(seconds);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CibaError.invalidRequest("requested_expiry must be a positive number of seconds.");
    }
}
