package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.contact.ContactViews.ContactList;
import org.agencyverify.contact.ContactViews.ContactView;
import org.agencyverify.contact.ContactViews.RegisterContact;
import org.agencyverify.contact.change.ContactChange;
import org.agencyverify.contact.change.ContactChangeService;
import org.agencyverify.contact.change.ContactChangeViews.ProposeChange;
import org.agencyverify.contact.change.ContactChangeViews.Proposed;
import org.agencyverify.invitation.InvitationKind;
import org.agencyverify.invitation.Invitations;

/**
 * Contacts as operators and the agency's admins read them, and an operator's changes: registering or
 * removing a contact is a pending change ({@link ContactChangeService}), never immediate.
 */
@ApplicationScoped
public class ContactService {

    private final AgencyAccess access;
    private final ContactChangeService changes;
    private final Invitations invitations;

    ContactService(AgencyAccess access, ContactChangeService changes, Invitations invitations) {
        this.access = access;
        this.changes = changes;
        this.invitations = invitations;
    }

    /** An operator proposes a new contact: PENDING until a second operator approves, or the cool-down passes. */
    @Transactional
    public Proposed register(Caller caller, UUID agencyId, RegisterContact request) {
        return changes.propose(caller, agencyId, new ProposeChange(ContactChange.Action.ADD, request, null));
    }

    @Transactional
    public ContactList list(Caller caller, UUID agencyId) {
        access.requireAdministrable(caller, agencyId);
        return new ContactList(AgencyContact.<AgencyContact>find("agencyId = ?1 order by createdAt, id", agencyId)
                .stream().map(ContactView::of).toList());
    }

    @Transactional
    public Optional<ContactView> find(Caller caller, UUID agencyId, UUID contactId) {
        access.requireAdministrable(caller, agencyId);
        return ofAgency(agencyId, contactId).map(ContactView::of);
    }

    /**
     * An operator proposes removing an ACTIVE contact (empty when the agency has no such contact). A
     * PENDING one is not removed this way: cancelling the change that proposes it removes it.
     */
    @Transactional
    public Optional<Proposed> remove(Caller caller, UUID agencyId, UUID contactId) {
        access.requireAdministrable(caller, agencyId);
        return ofAgency(agencyId, contactId).map(contact -> {
            if (contact.status == AgencyContact.Status.REMOVED) {
                throw new ApiException(ProblemType.CONFLICT, "The contact is already removed.");
            }
            if (contact.status == AgencyContact.Status.PENDING) {
                throw new ApiException(ProblemType.CONFLICT, "The contact is not active yet: cancel the pending change that"
                        + " proposes it (POST /v1/agencies/{agencyId}/changes/{changeId}/cancel) and it goes with it.");
            }
            return changes.propose(caller, agencyId, new ProposeChange(ContactChange.Action.REMOVE, null, contactId));
        });
    }

    /** Sends an ACTIVE email contact Keycloak's email again (409 for other contacts, or when nothing is left to set up). */
    @Transactional
    public Optional<Invitations.Queued> resendInvitation(Caller caller, UUID agencyId, UUID contactId) {
        access.requireAdministrable(caller, agencyId);
        return ofAgency(agencyId, contactId).map(contact -> {
            if (contact.channel != AgencyContact.Channel.EMAIL || contact.keycloakUserId == null) {
                throw new ApiException(ProblemType.CONFLICT, "Only an email contact signs in: a webhook contact has nothing to be invited to.");
            }
            if (contact.status != AgencyContact.Status.ACTIVE) {
                throw new ApiException(ProblemType.CONFLICT, "A contact in status " + contact.status + " cannot be invited.");
            }
            return invitations.resend(caller.actor(), contact.keycloakUserId, InvitationKind.CONTACT, contact.id);
        });
    }

    static Optional<AgencyContact> ofAgency(UUID agencyId, UUID contactId) {
        return AgencyContact.<AgencyContact>findByIdOptional(contactId).filter(c -> c.agencyId.equals(agencyId));
    }
}
