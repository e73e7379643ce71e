package org.agencyverify.audit.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the audit endpoints take and answer. */
public final class AuditDtos {

    private AuditDtos() {}

    /** The answer of a chain verification; see README "Audit". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AuditVerification")
    public record Verification(
            @Schema(description = "True when every event checked holds") boolean intact,
            @Schema(description = "Events that checked out (the checkpoint included, when resuming)") long events,
            @Schema(description = "The checkpoint the walk resumed from, if any") Long fromSequence,
            @Schema(description = "The last event that checked out: keep it with lastHash to resume later") Long lastSequence,
            @Schema(description = "Hash of lastSequence") String lastHash,
            @Schema(description = "Sequence numbers skipped between checked events numbered before gap-free numbering"
                    + " began (rolled-back appends; not tampering by itself). A number missing after that is a break:"
                    + " sequence-gap") long gaps,
            @Schema(description = "The first event that does not hold (intact false only)") Long firstBrokenSequence,
            @Schema(description = "What is wrong with it (intact false only)",
                    enumeration = {"hash-mismatch", "previous-hash-mismatch", "sequence-gap", "checkpoint-mismatch"}) String problem) {}

    /** One audit event as stored. */
    @Schema(name = "AuditEvent")
    public record EventView(long sequence, Instant occurredAt, String actor, String action, String subjectType,
            String subjectId, String requestId, Map<String, Object> details, String previousHash, String hash) {}

    /** One page of events; pass {@code next} as {@code after} for the following page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "AuditEventPage")
    public record EventPage(List<EventView> events,
            @Schema(description = "Cursor for the next page (the last sequence here); absent on the last page") Long next) {}

    /** Filters of an event query, already checked; null means "any". */
    public record EventQuery(UUID agencyId, UUID officerId, UUID portalId, String subjectType, String subjectId,
            String action, Instant from, Instant to, Long after, boolean newestFirst, int size) {}

    /** A known-good event to resume a verification from. */
    public record Checkpoint(long sequence, String hash) {}
}
