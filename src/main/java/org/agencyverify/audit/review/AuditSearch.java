package org.agencyverify.audit.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.audit.review.AuditDtos.EventPage;
import org.agencyverify.audit.review.AuditDtos.EventQuery;
import org.agencyverify.audit.review.AuditDtos.EventView;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem.FieldError;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.security.Roles;

/**
 * Audit queries. Operators read every event; an agency admin reads the events of an agency they
 * administer, and must name it. Which agency, officer or portal an event concerns is decided by
 * the SQL functions of V16__audit_queries.sql (the same expressions its indexes are built on).
 */
@ApplicationScoped
public class AuditSearch {

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

    private final EntityManager entityManager;
    private final AgencyAdministration access;
    private final ObjectMapper json;

    AuditSearch(EntityManager entityManager, AgencyAdministration access, ObjectMapper json) {
        this.entityManager = entityManager;
        this.access = access;
        this.json = json;
    }

    @Transactional
    public EventPage search(Caller caller, EventQuery q) {
        requireAllowed(caller, q);
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE TRUE");
        Map<String, Object> params = new LinkedHashMap<>();
        where(sql, params, "audit_event_agency_id(subject_type, subject_id, details) = :agencyId", "agencyId", q.agencyId());
        where(sql, params, "audit_event_officer_id(subject_type, subject_id, details) = :officerId", "officerId", q.officerId());
        where(sql, params, "audit_event_portal_id(subject_type, subject_id, details) = :portalId", "portalId", q.portalId());
        where(sql, params, "subject_type = :subjectType", "subjectType", q.subjectType());
        where(sql, params, "subject_id = :subjectId", "subjectId", q.subjectId());
        where(sql, params, "action = :action", "action", q.action());
        where(sql, params, "occurred_at >= :from", "from", q.from());
        where(sql, params, "occurred_at < :to", "to", q.to());
        where(sql, params, q.newestFirst() ? "sequence < :after" : "sequence > :after", "after", q.after());
        sql.append(q.newestFirst() ? " ORDER BY sequence DESC" : " ORDER BY sequence ASC");
        Query query = entityManager.createNativeQuery(sql.toString(), AuditEvent.class);
        params.forEach(query::setParameter);
        // One more than asked: whether it comes back says if there is a next page.
        @SuppressWarnings("unchecked")
        List<AuditEvent> rows = query.setMaxResults(q.size() + 1).getResultList();
        List<EventView> events = new ArrayList<>();
        for (AuditEvent row : rows.subList(0, Math.min(q.size(), rows.size()))) {
            events.add(view(row));
        }
        Long next = rows.size() > q.size() ? events.get(events.size() - 1).sequence() : null;
        return new EventPage(events, next);
    }

    private void requireAllowed(Caller caller, EventQuery q) {
        if (caller.has(Roles.OPERATOR)) {
            return;
        }
        if (!caller.has(Roles.AGENCY_ADMIN)) {
            throw new ForbiddenException();
        }
        if (q.agencyId() == null) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "Agency admins read their own agency's events: name it in agencyId.",
                    List.of(new FieldError("agencyId", "required for agency admins")));
        }
        if (!access.administers(caller, q.agencyId())) {
            throw new ForbiddenException();
        }
    }

    /** Ids are compared as text: that is how the features wrote them into details. */
    private static void where(StringBuilder sql, Map<String, Object> params, String condition, String name, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.put(name, value instanceof java.util.UUID ? value.toString() : value);
        }
    }

    private EventView view(AuditEvent e) {
        try {
            return new EventView(e.sequence, e.occurredAt, e.actor, e.action, e.subjectType, e.subjectId, e.requestId,
                    json.readValue(e.details, DETAILS), e.previousHash, e.hash);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("audit event " + e.sequence + " has details that are not a JSON object", ex);
        }
    }
}
