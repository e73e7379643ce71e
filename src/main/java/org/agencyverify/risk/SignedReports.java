package org.agencyverify.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;
import org.agencyverify.confirmation.AnswerReplays;
import org.agencyverify.confirmation.ConfirmationConfig;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactWebhooks;
import org.agencyverify.risk.CompromiseDtos.SignedReport;

/**
 * Compromise reports from an agency's system, signed like its confirmation decisions (Standard
 * Webhooks, with the credential fixed at the contact's enrollment): fresh, never replayed, from an
 * ACTIVE webhook contact. Every authentication failure answers the same 401 and is audited.
 */
@ApplicationScoped
public class SignedReports {

    /** The signed headers and exact body of one report. */
    public record Signed(String webhookId, String timestamp, String signature, String body) {}

    private final ContactWebhooks webhooks;
    private final AnswerReplays replays;
    private final ConfirmationConfig config;
    private final CompromiseReports reports;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Validator validator;

    SignedReports(ContactWebhooks webhooks, AnswerReplays replays, ConfirmationConfig config, CompromiseReports reports,
            AuditLog audit, ObjectMapper json, Validator validator) {
        this.webhooks = webhooks;
        this.replays = replays;
        this.config = config;
        this.reports = reports;
        this.audit = audit;
        this.json = json;
        this.validator = validator;
    }

    /** Empty when the contact's agency has no such officer. */
    public Optional<CompromiseReports.Reported> report(UUID contactId, Signed signed) {
        Long timestamp = signed.timestamp() != null && signed.timestamp().matches("\\d{1,12}") ? Long.parseLong(signed.timestamp()) : null;
        if (signed.webhookId() == null || signed.webhookId().isBlank() || signed.webhookId().length() > 200 || timestamp == null
                || signed.signature() == null) {
            throw refused(contactId, "missing-signature-headers");
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > config.signatureTolerance().toSeconds()) {
            throw refused(contactId, "stale-timestamp");
        }
        AgencyContact contact = QuarkusTransaction.requiringNew().call(() -> AgencyContact.<AgencyContact>findById(contactId));
        if (contact == null || contact.status != AgencyContact.Status.ACTIVE || contact.channel != AgencyContact.Channel.WEBHOOK) {
            throw refused(contactId, "not-an-active-webhook-contact");
        }
        if (!webhooks.signedBy(contact, signed.webhookId(), timestamp, signed.body(), signed.signature())) {
            throw refused(contactId, "bad-signature");
        }
        if (!replays.firstUse(contact.id, signed.webhookId())) {
            throw refused(contactId, "replayed-webhook-id");
        }
        SignedReport report = parse(signed.body());
        return reports.byContact(contact, report.officerId(), report.reason());
    }

    private SignedReport parse(String body) {
        SignedReport report;
        try {
            report = body == null ? null : json.readValue(body, SignedReport.class);
        } catch (JsonProcessingException e) {
            report = null;
        }
        if (report == null) {
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "The body must be a JSON object with officerId and an optional reason.");
        }
        Set<ConstraintViolation<SignedReport>> violations = validator.validate(report);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return report;
    }

    private ApiException refused(UUID contactId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> audit.record(new Actor("unverified", "webhook"), "risk.compromise-report-refused",
                "agency_contact", contactId.toString(), Map.of("reason", reason)));
        return new ApiException(ProblemType.REPORT_SIGNATURE_INVALID, ProblemType.REPORT_SIGNATURE_INVALID.defaultDetail());
    }
}
