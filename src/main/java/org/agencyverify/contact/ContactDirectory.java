package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyContacts;
import org.agencyverify.common.mail.Mailboxes;
import org.agencyverify.officer.ContactMailboxes;

/**
 * What other features may ask about contacts without seeing them (answers are {@link ContactSummary}
 * copies): agency activation (has it an ACTIVE contact?), officer enrollment (is this email a contact's
 * mailbox?) and confirmation (who is asked, and who answers). Read in the caller's transaction.
 */
@ApplicationScoped
public class ContactDirectory implements AgencyContacts, ContactMailboxes {

    /** A contact by id, in any status (a REMOVED one too: callers decide what its status means). */
    public Optional<ContactSummary> find(UUID contactId) {
        return AgencyContact.<AgencyContact>findByIdOptional(contactId).map(ContactSummary::of);
    }

    /** The agency's ACTIVE contacts: the only ones who can ever be asked. */
    public List<ContactSummary> active(UUID agencyId) {
        return AgencyContact.<AgencyContact>list("agencyId = ?1 and status = ?2", agencyId, AgencyContact.Status.ACTIVE).stream()
                .map(ContactSummary::of)
                .toList();
    }

    @Override
    public long countActive(UUID agencyId) {
        return AgencyContact.countActive(agencyId);
    }

    /** A PENDING or ACTIVE contact's mailbox, up to case and a {@code +tag} ({@link Mailboxes}). */
    @Override
    public boolean isContactMailbox(String email) {
        return AgencyContact.getEntityManager()
                .createQuery("select lower(c.email) from AgencyContact c where lower(c.email) like ?1 escape '\\' and c.status in ?2",
                        String.class)
                .setParameter(1, Mailboxes.candidates(email))
                .setParameter(2, List.of(AgencyContact.Status.ACTIVE, AgencyContact.Status.PENDING))
                .getResultStream()
                .anyMatch(contact -> Mailboxes.same(contact, email));
    }
}
