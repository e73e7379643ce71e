package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.agency.AgencySummary;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactEnrollment;
import org.agencyverify.contact.change.ContactChangeViews.ChangeList;
import org.agencyverify.contact.change.ContactChangeViews.ChangeView;
import org.agencyverify.contact.change.ContactChangeViews.ProposeChange;
import org.agencyverify.contact.change.ContactChangeViews.Proposed;

/**
 * Contact changes, proposed by an agency admin or by an operator: nothing takes effect now. A proposed
 * contact is stored PENDING (its sign-in disabled); the change waits out the cool-down and the notices
 * to the agency's ACTIVE contacts, or, for an operator's change, a second operator's approval.
 */
@ApplicationScoped
public class ContactChangeService {

    private final AgencyAccess access;
    private final ContactEnrollment enrollment;
    private final ChangeProposals proposals;

    ContactChangeService(AgencyAccess access, ContactEnrollment enrollment, ChangeProposals proposals) {
        this.access = access;
        this.enrollment = enrollment;
        this.proposals = proposals;
    }

    @Transactional
    public Proposed propose(Caller caller, UUID agencyId, ProposeChange request) {
        AgencySummary agency = access.requireAdministrable(caller, agencyId);
        if (request.action() != ContactChange.Action.ADD && request.action() != ContactChange.Action.REMOVE) {
            throw invalid("action", "must be ADD or REMOVE");
        }
        if (!caller.has(Roles.OPERATOR) && AgencyContact.countActive(agencyId) == 0) {
            // An admin's change is checked by the contacts it notifies: with none, it would check nothing.
            throw new ApiException(ProblemType.CONFLICT,
                    "The agency has no active contact to notify; an operator registers the first contacts.");
        }
        ContactChange change = proposals.draft(caller, agencyId, request.action(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        AgencyContact contact;
        String webhookSecret = null;
        if (request.action() == ContactChange.Action.ADD) {
            if (request.contact() == null) {
                throw invalid("contact", "is required to add a contact");
            }
            ContactEnrollment.Enrolled enrolled = enrollment.enroll(agency, request.contact(), AgencyContact.Status.PENDING,
                    change.effectiveAt);
            contact = enrolled.contact();
            webhookSecret = enrolled.webhookSecret();
        } else {
            if (request.contactId() == null) {
                throw invalid("contactId", "is required to remove a contact");
            }
            contact = AgencyContact.<AgencyContact>findByIdOptional(request.contactId())
                    .filter(c -> c.agencyId.equals(agencyId) && c.status == AgencyContact.Status.ACTIVE)
                    .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "This agency has no active contact with this id."));
        }
        change.contactId = contact.id;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("contactId", contact.id.toString());
        details.put("contact", ContactEnrollment.snapshot(contact));
        return new Proposed(proposals.open(caller, change, details), webhookSecret);
    }

    /** The agency's contact changes (identity-provider changes are under {@code /changes}). */
    @Transactional
    public ChangeList list(Caller caller, UUID agencyId) {
        access.requireAdministrable(caller, agencyId);
        return new ChangeList(ContactChange.<ContactChange>find("agencyId = ?1 and action in ?2 order by createdAt, id", agencyId,
                List.of(ContactChange.Action.ADD, ContactChange.Action.REMOVE)).stream().map(ChangeView::of).toList());
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(ProblemType.INVALID_REQUEST, "The field " + field + " " + message + ".",
                List.of(new Problem.FieldError(field, message)));
    }
}
