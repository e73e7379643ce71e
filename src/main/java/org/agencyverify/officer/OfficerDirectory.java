package org.agencyverify.officer;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.mail.Mailboxes;

/**
 * What other features may ask about officers without seeing them (answers are {@link OfficerSummary}
 * copies). The contact feature calls {@link #isOfficerMailbox} to refuse a contact whose email is an
 * officer's mailbox.
 */
@ApplicationScoped
public class OfficerDirectory {

    /**
     * Whether any officer of any agency, in any status (revoked ones too), has this mailbox: the same
     * address up to case and a {@code +tag} ({@link Mailboxes}).
     */
    public boolean isOfficerMailbox(String email) {
        if (email == null || email.isBlank()) {
            return false;
        }
        return Officer.getEntityManager()
                .createQuery("select o.email from Officer o where o.email like ?1 escape '\\'", String.class)
                .setParameter(1, Mailboxes.candidates(email))
                .getResultStream()
                .anyMatch(enrolled -> Mailboxes.same(enrolled, email));
    }

    /** An officer by id, in any status. */
    public Optional<OfficerSummary> find(UUID officerId) {
        return officerId == null ? Optional.empty() : Officer.<Officer>findByIdOptional(officerId).map(OfficerSummary::of);
    }

    /** The officer enrolled with exactly this (lower-cased) email, in any status. */
    public Optional<OfficerSummary> findByEmail(String normalizedEmail) {
        return Officer.<Officer>find("email", normalizedEmail).firstResultOptional().map(OfficerSummary::of);
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
