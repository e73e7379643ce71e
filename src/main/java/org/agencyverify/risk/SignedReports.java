package org.agencyverify.risk;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactDirectory;
import org.agencyverify.contact.ContactSummary;
import org.agencyverify.contact.AnswerReplays;
import org.agencyverify.contact.SignedMessageConfig;
import org.agencyverify.contact.SignedMessages;
import org.agencyverify.risk.CompromiseDtos.SignedReport;

/**
 * Compromise reports from an agency's system, signed like its confirmation decisions (Standard
 * Webhooks, with the credential fixed at the contact's enrollment): fresh, never replayed, from an
 * ACTIVE webhook contact. Every authentication failure answers the same 401 and is audited.
 */
@ApplicationScoped
public class SignedReports {

    private static final String MALFORMED = "The body must be a JSON object with officerId and an optional reason.";

    private final SignedMessages signed;
    private final AnswerReplays replays;
    private final SignedMessageConfig config;
    private final CompromiseReports reports;
    private final AuditLog audit;
    private final ContactDirectory contacts;

    SignedReports(SignedMessages signed, AnswerReplays replays, SignedMessageConfig config, CompromiseReports reports, AuditLog audit,
            ContactDirectory contacts) {
        this.contacts = contacts;
        this.signed = signed;
        this.replays = replays;
        this.config = config;
        this.reports = reports;
        this.audit = audit;
    }

    /** Empty when the contact's agency has no such officer. */
    public Optional<CompromiseReports.Reported> report(UUID contactId, SignedMessages.Signed message) {
        Optional<String> headers = SignedMessages.headerRefusal(message, config.signatureTolerance());
        if (headers.isPresent()) {
            throw refused(contactId, headers.get());
        }
        ContactSummary contact = QuarkusTransaction.requiringNew().call(() -> contacts.find(contactId)).orElse(null);
        if (contact == null || contact.status() != AgencyContact.Status.ACTIVE || contact.channel() != AgencyContact.Channel.WEBHOOK) {
            throw refused(contactId, "not-an-active-webhook-contact");
        }
        if (!signed.signedBy(contact, message)) {
            throw refused(contactId, "bad-signature");
        }
        if (!replays.firstUse(contact.id(), message.webhookId())) {
            throw refused(contactId, "replayed-webhook-id");
        }
        SignedReport report = signed.body(message, SignedReport.class, MALFORMED);
        return reports.byContact(contact.agencyId(), contact.id(), report.officerId(), report.reason());
    }

    private ApiException refused(UUID contactId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> audit.record(new Actor("unverified", "webhook"), "risk.compromise-report-refused",
                "agency_contact", contactId.toString(), Map.of("reason", reason)));
        return new ApiException(ProblemType.REPORT_SIGNATURE_INVALID, ProblemType.REPORT_SIGNATURE_INVALID.defaultDetail());
    }
}
