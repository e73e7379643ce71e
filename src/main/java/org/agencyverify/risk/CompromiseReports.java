package org.agencyverify.risk;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.security.Caller;
import org.agencyverify.officer.OfficerDirectory;
import org.agencyverify.officer.OfficerSummary;
import org.agencyverify.officer.OfficerAction;
import org.agencyverify.officer.OfficerService;
import org.agencyverify.officer.OfficerStatus;

/**
 * An officer's account reported compromised: the officer is revoked for good (the agency enrolls them
 * anew), their live tokens are revoked by the officer cascade, their open verifications are closed,
 * the agency's contacts are told, and the report stands against the agency and the mailbox for
 * {@code risk.compromise-window}.
 */
@ApplicationScoped
public class CompromiseReports {

    /** What the report did. */
    public record Reported(UUID id, UUID officerId, OfficerStatus officerStatus, int closedVerifications, Instant reportedAt) {}

    private static final String REASON = "compromise-report";

    private final AgencyAccess access;
    private final OfficerService officers;
    private final OfficerDirectory officerDirectory;
    private final RiskNotices notices;
    private final AuditLog audit;
    private final Event<OfficerReportedCompromised> reportedCompromised;

    CompromiseReports(AgencyAccess access, OfficerService officers, OfficerDirectory officerDirectory, RiskNotices notices,
            AuditLog audit, Event<OfficerReportedCompromised> reportedCompromised) {
        this.access = access;
        this.officers = officers;
        this.officerDirectory = officerDirectory;
        this.notices = notices;
        this.audit = audit;
        this.reportedCompromised = reportedCompromised;
    }

    /** By an agency admin of the officer's agency (or an operator); empty when the agency has no such officer. */
    @Transactional
    public Optional<Reported> byAdmin(Caller caller, UUID agencyId, UUID officerId, String reason) {
        access.requireAdministrable(caller, agencyId);
        return officer(agencyId, officerId).map(officer -> report(caller.actor(), officer, reason));
    }

    /** By a contact whose signature was checked; only officers of the contact's own agency. */
    @Transactional
    public Optional<Reported> byContact(UUID contactAgencyId, UUID contactId, UUID officerId, String reason) {
        return officer(contactAgencyId, officerId).map(officer -> report(new Actor("contact", contactId.toString()), officer, reason));
    }

    private Reported report(Actor actor, OfficerSummary officer, String reason) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CompromiseReport report = new CompromiseReport();
        report.id = UUID.randomUUID();
        report.agencyId = officer.agencyId();
        report.officerId = officer.id();
        report.officerEmail = officer.email();
        report.reportedBy = actor.toString();
        report.reason = reason == null || reason.isBlank() ? null : reason.strip();
        report.createdAt = now;
        report.persist();
        // Revoked, not suspended: a reinstatement would hand the account back to whoever holds it.
        boolean revokedNow = officers.stop(actor, officer.id(), OfficerAction.REMOVE, REASON).isPresent();
        int closed = closeOpenVerifications(actor, officer.id(), now);
        if (revokedNow) {
            notices.notifyAgency(officer.id(), RiskNotice.REVOKED, REASON);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reportId", report.id.toString());
        details.put("reason", report.reason);
        details.put("revokedNow", revokedNow);
        details.put("closedVerifications", closed);
        audit.record(actor, "officer.compromise-reported", "officer", officer.id().toString(), details);
        OfficerStatus after = officerDirectory.find(officer.id()).orElseThrow().status();
        return new Reported(report.id, officer.id(), after, closed, now);
    }

    /** The officer's open verifications close in this transaction: verification, which comes after risk, observes the report. */
    private int closeOpenVerifications(Actor actor, UUID officerId, Instant now) {
        OfficerReportedCompromised reported = new OfficerReportedCompromised(actor, officerId, now, REASON);
        reportedCompromised.fire(reported);
        return reported.closedVerifications().get();
    }

    private Optional<OfficerSummary> officer(UUID agencyId, UUID officerId) {
        return officerDirectory.find(officerId).filter(o -> o.agencyId().equals(agencyId));
    }
}
