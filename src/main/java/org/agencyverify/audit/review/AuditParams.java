package org.agencyverify.audit.review;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.agencyverify.audit.review.AuditDtos.Checkpoint;
import org.agencyverify.audit.review.AuditDtos.EventQuery;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem.FieldError;
import org.agencyverify.common.error.ProblemType;

/**
 * Turns the query parameters of the audit endpoints into checked values, naming every bad one in a
 * single 400. Parsed here rather than by JAX-RS, which answers a UUID or number it cannot convert
 * with a bare 404.
 */
final class AuditParams {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final List<FieldError> errors = new ArrayList<>();

    private AuditParams() {}

    /** The raw parameters of {@code GET /v1/audit/events}, as strings; null when absent. */
    record Raw(String agencyId, String officerId, String portalId, String subjectType, String subjectId, String action,
            String from, String to, String after, String order, String size) {}

    static EventQuery events(Raw raw) {
        AuditParams p = new AuditParams();
        EventQuery query = new EventQuery(p.uuid("agencyId", raw.agencyId()), p.uuid("officerId", raw.officerId()),
                p.uuid("portalId", raw.portalId()), p.text("subjectType", raw.subjectType(), 50),
                p.text("subjectId", raw.subjectId(), 255), p.text("action", raw.action(), 100),
                p.instant("from", raw.from()), p.instant("to", raw.to()), p.sequence("after", raw.after()),
                p.newestFirst(raw.order()), p.size(raw.size()));
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            p.errors.add(new FieldError("to", "must be after from"));
        }
        p.throwIfAny();
        return query;
    }

    /** {@code from} and {@code fromHash} of {@code POST /v1/audit/verify}: both or neither. */
    static Checkpoint checkpoint(String from, String fromHash) {
        AuditParams p = new AuditParams();
        Long sequence = p.sequence("from", from);
        if (fromHash != null && !HASH.matcher(fromHash).matches()) {
            p.errors.add(new FieldError("fromHash", "must be 64 lower-case hex digits, the hash of event from"));
        }
        if (from != null && fromHash == null) {
            p.errors.add(new FieldError("fromHash", "required with from: the hash the checkpoint is known by"));
        }
        if (from == null && fromHash != null) {
            p.errors.add(new FieldError("from", "required with fromHash"));
        }
        p.throwIfAny();
        return sequence == null ? null : new Checkpoint(sequence, fromHash);
    }

    private UUID uuid(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be a UUID"));
            return null;
        }
    }

    private String text(String field, String value, int maxLength) {
        if (value != null && (value.isBlank() || value.length() > maxLength)) {
            errors.add(new FieldError(field, "must be 1 to " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    private Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z"));
            return null;
        }
    }

    private Long sequence(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            long sequence = Long.parseLong(value);
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "must be an event sequence number (0 or more)"));
        return null;
    }

    private boolean newestFirst(String order) {
        if (order == null || order.equals("newest")) {
            return true;
        }
        if (!order.equals("oldest")) {
            errors.add(new FieldError("order", "must be newest or oldest"));
        }
        return false;
    }

    private int size(String value) {
        if (value == null) {
            return DEFAULT_SIZE;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= MAX_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("size", "must be 1 to " + MAX_SIZE));
        return DEFAULT_SIZE;
    }

    private void throwIfAny() {
        if (!errors.isEmpty()) {
            String fields = String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
            throw new ApiException(ProblemType.INVALID_REQUEST,
                    "Invalid fields: " + fields + ". See errors for what each must be.", errors);
        }
    }
}
