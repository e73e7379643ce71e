package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.tx.OnRollback;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactEnrollment;
import org.agencyverify.contact.ContactRemoval;
import org.agencyverify.contact.ContactUsers;
import org.agencyverify.invitation.InvitationKind;
import org.agencyverify.invitation.Invitations;

/** Contacts added (PENDING until applied, then ACTIVE) and removed (ACTIVE until applied, then REMOVED). */
@ApplicationScoped
public class ContactChangeKind implements ChangeKind {

    private final EntityManager entityManager;
    private final ContactUsers users;
    private final ContactRemoval removal;
    private final OnRollback onRollback;
    private final Invitations invitations;

    ContactChangeKind(EntityManager entityManager, ContactUsers users, ContactRemoval removal, OnRollback onRollback,
            Invitations invitations) {
        this.entityManager = entityManager;
        this.users = users;
        this.removal = removal;
        this.onRollback = onRollback;
        this.invitations = invitations;
    }

    @Override
    public Set<ContactChange.Action> actions() {
        return Set.of(ContactChange.Action.ADD, ContactChange.Action.REMOVE);
    }

    @Override
    public Optional<Map<String, Object>> apply(PendingChange change, Actor actor, Instant now) {
        AgencyContact contact = entityManager.find(AgencyContact.class, change.contactId(), LockModeType.PESSIMISTIC_WRITE);
        boolean add = change.action() == ContactChange.Action.ADD;
        if (contact.status != (add ? AgencyContact.Status.PENDING : AgencyContact.Status.ACTIVE)) {
            // Removed (or its proposal cancelled) in the meantime: nothing left to apply.
            return Optional.empty();
        }
        Map<String, Object> before = ContactEnrollment.snapshot(contact);
        if (add) {
            contact.status = AgencyContact.Status.ACTIVE;
            contact.updatedAt = now;
            entityManager.flush();
            if (contact.keycloakUserId != null) {
                String userId = contact.keycloakUserId;
                users.setEnabled(userId, true);
                onRollback.register("contact user state " + userId, () -> users.restoreEnabled(userId, false));
                // Now that the contact's user may sign in, tell them how to set it up.
                invitations.invite(userId, InvitationKind.CONTACT, contact.id, ContactUsers.REQUIRED_ACTIONS);
            }
        } else {
            removal.remove(contact, actor, now);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", change.action().name());
        details.put("contactId", contact.id.toString());
        details.put("before", before);
        details.put("after", ContactEnrollment.snapshot(contact));
        return Optional.of(details);
    }

    @Override
    public void cancelled(PendingChange change, Actor actor, Instant now) {
        AgencyContact contact = entityManager.find(AgencyContact.class, change.contactId(), LockModeType.PESSIMISTIC_WRITE);
        if (change.action() == ContactChange.Action.ADD && contact.status == AgencyContact.Status.PENDING) {
            // The proposed contact never confirmed anything: it goes with its proposal.
            removal.remove(contact, actor, now);
        }
    }

    @Override
    public ChangeSubject subject(PendingChange change) {
        AgencyContact contact = AgencyContact.findById(change.contactId());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", contact.id.toString());
        data.put("name", contact.name);
        data.put("role", contact.role);
        data.put("level", contact.level.name());
        data.put("channel", channel(contact));
        return new ChangeSubject("contact \"%s\" (%s, %s level)".formatted(contact.name, contact.role, contact.level),
                "Channel", channel(contact), "contact", data);
    }

    private static String channel(AgencyContact contact) {
        return contact.channel == AgencyContact.Channel.EMAIL
                ? "email " + contact.email
                : "webhook to " + URI.create(contact.webhookUrl).getHost();
    }
}
