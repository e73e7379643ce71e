package org.agencyverify.risk;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.agencyverify.officer.OfficerStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the compromise-report endpoints. */
public final class CompromiseDtos {

    private CompromiseDtos() {}

    /** An agency admin's report. */
    public record ReportCompromise(@Schema(description = "What was seen (optional)") @Size(max = 500) String reason) {}

    /** A contact's signed report: which officer of the contact's own agency. */
    public record SignedReport(@NotNull UUID officerId, @Schema(description = "What was seen (optional)") @Size(max = 500) String reason) {}

    /** What the report did: the officer is REVOKED, their open verifications closed. */
    public record ReportView(UUID id, UUID officerId, OfficerStatus officerStatus, int closedVerifications, Instant reportedAt) {
        static ReportView of(CompromiseReports.Reported reported) {
            return new ReportView(reported.id(), reported.officerId(), reported.officerStatus(), reported.closedVerifications(),
                    reported.reportedAt());
        }
    }
}
