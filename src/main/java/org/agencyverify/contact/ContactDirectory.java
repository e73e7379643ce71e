package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.agencyverify.agency.AgencyContacts;
import org.agencyverify.common.mail.Mailboxes;
import org.agencyverify.officer.ContactMailboxes;

/**
 * What other features may ask about contacts without seeing them: agency activation (has it an ACTIVE
 * contact?) and officer enrollment (is this email a contact's mailbox?).
 */
@ApplicationScoped
public class ContactDirectory implements AgencyContacts, ContactMailboxes {

    /** An ACTIVE contact as a verification sees it when choosing whom to ask: its level and channel, by name. */
    public record ActiveContact(UUID id, String level, String channel) {}

    /** The agency's ACTIVE contacts: the only ones who can ever be asked. */
    public List<ActiveContact> active(UUID agencyId) {
        return AgencyContact.<AgencyContact>list("agencyId = ?1 and status = ?2", agencyId, AgencyContact.Status.ACTIVE).stream()
                .map(c -> new ActiveContact(c.id, c.level.name(), c.channel.name()))
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
