package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.common.security.Caller;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactEnrollment;
import org.agencyverify.contact.ContactViews.ContactView;
import org.agencyverify.contact.change.ContactChangeViews.ChangeList;
import org.agencyverify.contact.change.ContactChangeViews.ChangeView;
import org.agencyverify.contact.change.ContactChangeViews.ProposeChange;
import org.agencyverify.contact.change.ContactChangeViews.Proposed;

/**
 * Agency admins propose contact changes. Nothing takes effect now: the change waits out the
 * cool-down, and one outbox notification per ACTIVE contact must be delivered first.
 */
@ApplicationScoped
public class ContactChangeService {

    private final AgencyAccess access;
    private final ContactEnrollment enrollment;
    private final AuditLog audit;
    private final ContactsConfig config;
    private final Outbox outbox;

    ContactChangeService(AgencyAccess access, ContactEnrollment enrollment, AuditLog audit, ContactsConfig config,
            Outbox outbox) {
        this.outbox = outbox;
        this.access = access;
        this.enrollment = enrollment;
        this.audit = audit;
        this.config = config;
    }

    @Transactional
    public Proposed propose(Caller caller, UUID agencyId, ProposeChange request) {
        Agency agency = access.requireAdministrable(caller, agencyId);
        List<AgencyContact> toNotify = AgencyContact.list("agencyId = ?1 and status = ?2", agencyId, AgencyContact.Status.ACTIVE);
        if (toNotify.isEmpty()) {
            throw new ApiException(ProblemType.CONFLICT,
                    "The agency has no active contact to notify; an operator registers the first contacts.");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant effectiveAt = now.plus(config.coolDown());
        AgencyContact contact;
        String webhookSecret = null;
        if (request.action() == ContactChange.Action.ADD) {
            if (request.contact() == null) {
                throw invalid("contact", "is required to add a contact");
            }
            ContactEnrollment.Enrolled enrolled = enrollment.enroll(agency, request.contact(), AgencyContact.Status.PENDING, effectiveAt);
            contact = enrolled.contact();
            webhookSecret = enrolled.webhookSecret();
        } else {
            if (request.contactId() == null) {
                throw invalid("contactId", "is required to remove a contact");
            }
            contact = toNotify.stream().filter(c -> c.id.equals(request.contactId())).findFirst()
                    .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "This agency has no active contact with this id."));
            if (ContactChange.count("contactId = ?1 and status = ?2", contact.id, ContactChange.Status.PENDING) > 0) {
                throw new ApiException(ProblemType.CONFLICT, "A change of this contact is already pending.");
            }
        }
        ContactChange change = new ContactChange();
        change.id = UUID.randomUUID();
        change.agencyId = agencyId;
        change.action = request.action();
        change.contactId = contact.id;
        change.proposedBy = caller.actor().toString();
        change.status = ContactChange.Status.PENDING;
        change.effectiveAt = effectiveAt;
        change.createdAt = now;
        change.persist();
        for (AgencyContact recipient : toNotify) {
            ContactNotification notification = new ContactNotification();
            notification.id = UUID.randomUUID();
            notification.changeId = change.id;
            notification.contactId = recipient.id;
            notification.status = ContactNotification.Status.PENDING;
            notification.createdAt = now;
            notification.persist();
            outbox.enqueue(ContactNoticeHandler.KIND, notification.id);
        }
        Map<String, Object> details = new HashMap<>();
        details.put("action", change.action.name());
        details.put("contactId", contact.id.toString());
        details.put("contact", ContactEnrollment.snapshot(contact));
        details.put("effectiveAt", effectiveAt.toString());
        details.put("notify", toNotify.stream().map(c -> c.id.toString()).toList());
        audit.record(caller.actor(), "contact.change-proposed", "contact_change", change.id.toString(), details);
        return new Proposed(view(change, contact), webhookSecret);
    }

    @Transactional
    public ChangeList list(Caller caller, UUID agencyId) {
        access.requireAdministrable(caller, agencyId);
        return new ChangeList(ContactChange.<ContactChange>find("agencyId = ?1 order by createdAt, id", agencyId).stream()
                .map(change -> view(change, AgencyContact.findById(change.contactId))).toList());
    }

    static ChangeView view(ContactChange change, AgencyContact contact) {
        List<ContactNotification> notifications = ContactNotification.list("changeId", change.id);
        int pending = (int) notifications.stream().filter(n -> n.status != ContactNotification.Status.DELIVERED).count();
        return new ChangeView(change.id, change.agencyId, change.action, change.status, change.effectiveAt, change.appliedAt,
                ContactView.of(contact), pending, notifications.size());
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(ProblemType.INVALID_REQUEST, "The field " + field + " " + message + ".",
                List.of(new Problem.FieldError(field, message)));
    }
}
