package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.Agency;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.tx.OnRollback;
import org.agencyverify.contact.ContactViews.ContactList;
import org.agencyverify.contact.ContactViews.ContactRegistered;
import org.agencyverify.contact.ContactViews.ContactView;
import org.agencyverify.contact.ContactViews.RegisterContact;
import org.agencyverify.identity.KeycloakRefusedException;
import org.agencyverify.invitation.InvitationKind;
import org.agencyverify.invitation.Invitations;

/** Contacts an operator registers at enrollment (ACTIVE at once), reads and removes. */
@ApplicationScoped
public class ContactService {

    static final String SUBJECT = "agency_contact";

    private final AgencyAccess access;
    private final ContactEnrollment enrollment;
    private final ContactUsers users;
    private final AuditLog audit;
    private final OnRollback onRollback;
    private final EntityManager entityManager;
    private final Invitations invitations;

    ContactService(AgencyAccess access, ContactEnrollment enrollment, ContactUsers users, AuditLog audit,
            OnRollback onRollback, EntityManager entityManager, Invitations invitations) {
        this.invitations = invitations;
        this.access = access;
        this.enrollment = enrollment;
        this.users = users;
        this.audit = audit;
        this.onRollback = onRollback;
        this.entityManager = entityManager;
    }

    @Transactional
    public ContactRegistered register(Caller caller, UUID agencyId, RegisterContact request) {
        Agency agency = access.requireAdministrable(caller, agencyId);
        ContactEnrollment.Enrolled enrolled = enrollment.enroll(agency, request, AgencyContact.Status.ACTIVE, null);
        audit.record(caller.actor(), "contact.registered", SUBJECT, enrolled.contact().id.toString(),
                Map.of("after", ContactEnrollment.snapshot(enrolled.contact())));
        return new ContactRegistered(ContactView.of(enrolled.contact()), enrolled.webhookSecret());
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

    @Transactional
    public Optional<ContactView> remove(Caller caller, UUID agencyId, UUID contactId) {
        access.requireAdministrable(caller, agencyId);
        return ofAgency(agencyId, contactId).map(contact -> {
            if (contact.status == AgencyContact.Status.REMOVED) {
                throw new ApiException(ProblemType.CONFLICT, "The contact is already removed.");
            }
            Map<String, Object> before = ContactEnrollment.snapshot(contact);
            contact.status = AgencyContact.Status.REMOVED;
            contact.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            audit.record(caller.actor(), "contact.removed", SUBJECT, contact.id.toString(),
                    Map.of("before", before, "after", ContactEnrollment.snapshot(contact)));
            entityManager.flush();
            if (contact.keycloakUserId != null) {
                disableUser(contact.keycloakUserId);
            }
            return ContactView.of(contact);
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

    private void disableUser(String userId) {
        try {
            users.setEnabled(userId, false);
        } catch (KeycloakRefusedException e) {
            if (!e.isNotFound()) {
                throw new ApiException(ProblemType.CONFLICT, "Keycloak refused to disable the contact's account; nothing was changed.");
            }
            // Already gone from Keycloak: it cannot sign in, which is what removal needs.
            return;
        }
        onRollback.register("contact user state " + userId, () -> users.restoreEnabled(userId, true));
    }

    static Optional<AgencyContact> ofAgency(UUID agencyId, UUID contactId) {
        return AgencyContact.<AgencyContact>findByIdOptional(contactId).filter(c -> c.agencyId.equals(agencyId));
    }
}
